import type { ReactNode } from "react";
import type { SelfServiceFlow } from "../ory/kratos-api";
import { ErrorMessage } from "../ui/messages";
import { ErrorState, LoadingState, RetryButton } from "../ui/states";
import type { FlowState } from "./use-self-service-flow";

interface FlowViewProps<F extends SelfServiceFlow> {
  state: FlowState<F>;
  retry(): void;
  children(flow: F, submitting: boolean): ReactNode;
}

/** The loading and failure states every self-service page shares around its form. */
export function FlowView<F extends SelfServiceFlow>({ state, retry, children }: FlowViewProps<F>) {
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
        <>
          {state.notice && <ErrorMessage>{state.notice}</ErrorMessage>}
          {children(state.flow, state.submitting)}
        </>
      );
  }
}
