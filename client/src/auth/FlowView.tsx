import { type ReactNode, useEffect, useRef } from "react";
import type { SelfServiceFlow } from "../ory/kratos-api";
import { ErrorState, LoadingState, RetryButton } from "../ui/states";
import type { FlowState } from "./use-self-service-flow";

interface FlowViewProps<F extends SelfServiceFlow> {
  state: FlowState<F>;
  retry(): void;
  children(flow: F, submitting: boolean): ReactNode;
}

/**
 * Where focus goes once Kratos has answered a submission, in this order: the page's own
 * notice (Kratos could not take the form), the first field with an error, the form's
 * messages. Fields are disabled while a submission travels, which leaves focus nowhere.
 */
const answerFocus = '.flow-notice, [aria-invalid="true"], .flow-messages-form';

/**
 * The loading and failure states every self-service page shares around its form, and the
 * focus after an answer: on what went wrong, so keyboard and screen reader users land on it
 * instead of at the top of the page. That holds when the answer is a new form too (an
 * expired flow replaced), which is why the view, not the form, moves it.
 */
export function FlowView<F extends SelfServiceFlow>({ state, retry, children }: FlowViewProps<F>) {
  const view = useRef<HTMLDivElement>(null);
  const answerAwaited = useRef(false);

  useEffect(() => {
    if (state.status !== "ready") return;
    if (state.submitting) {
      answerAwaited.current = true;
      return;
    }
    if (!answerAwaited.current) return;
    answerAwaited.current = false;
    view.current?.querySelector<HTMLElement>(answerFocus)?.focus();
  }, [state]);

  switch (state.status) {
    case "loading":
      return <LoadingState label="Preparing the form…" />;
    case "failed":
      return (
        <ErrorState title="This form could not be loaded" actions={<RetryButton onClick={retry} />}>
          <p>{state.message}</p>
        </ErrorState>
      );
    case "ready":
      return (
        <div ref={view} className="flow-view">
          {state.notice && (
            <p className="message message-error flow-notice" role="alert" tabIndex={-1}>
              {state.notice}
            </p>
          )}
          {children(state.flow, state.submitting)}
        </div>
      );
  }
}
