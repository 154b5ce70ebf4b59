import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { type AnyVariables, type OperationContext, useMutation } from "urql";
import { type MutationProblem, mutationProblem, showsErrorsFor } from "./mutation-problem";

interface MutationFormOptions<Data, Variables, Result> {
  /** The mutation's variables, read from the submitted form. */
  variables(form: FormData): Variables;
  /** The mutation's result union, picked out of its answer. */
  result(data: Data): Result | null | undefined;
  context?: Partial<OperationContext>;
  /** Runs once the result is not an error member; gets the form, e.g. to reset it. */
  onSuccess?(result: Result, form: HTMLFormElement): void;
}

/**
 * A form that submits one mutation: its submit handler, whether it is on its way, and
 * what went wrong (transport error, field errors, forbidden, not found) or whether the
 * last submission worked. `setProblem` lets the page's other actions share the message.
 *
 * While `fetching`, the form's controls should be disabled (FormControls): what is typed
 * meanwhile would not be sent. Afterwards focus goes to the first field with a complaint,
 * or back to where it was (disabling a control takes focus away from it). A new submission
 * drops what was said about the last one.
 */
export function useMutationForm<
  Data,
  Variables extends AnyVariables,
  Result extends { __typename?: string },
>(
  mutation: TypedDocumentNode<Data, Variables>,
  options: MutationFormOptions<Data, Variables, Result>,
) {
  const [, execute] = useMutation(mutation);
  // Our own flag, not urql's: it turns off in the same render that shows the outcome,
  // so the focus below lands on enabled controls.
  const [fetching, setFetching] = useState(false);
  const [problem, setProblem] = useState<MutationProblem>();
  const [succeeded, setSucceeded] = useState(false);
  const refocus = useRef<{ form: HTMLFormElement; focused: Element | null }>(undefined);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when an outcome is shown.
  useEffect(() => {
    const pending = refocus.current;
    if (!pending || fetching) return;
    refocus.current = undefined;
    const invalid = pending.form.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else if (pending.focused instanceof HTMLElement && pending.focused.isConnected) {
      if (!document.activeElement || document.activeElement === document.body) {
        pending.focused.focus();
      }
    }
  }, [fetching, problem]);

  /** Sends the mutation with these variables, for a form that reads them itself. */
  async function submit(form: HTMLFormElement, variables: Variables) {
    refocus.current = { form, focused: document.activeElement };
    // What was said about the last submission is not about this one.
    setProblem(undefined);
    setFetching(true);
    const outcome = await execute(variables, options.context);
    const result = outcome.data ? options.result(outcome.data) : undefined;
    const found = mutationProblem(outcome, result, (name) => showsErrorsFor(form, name));
    setProblem(found);
    setSucceeded(!found);
    setFetching(false);
    if (!found && result) options.onSuccess?.(result, form);
  }

  /**
   * Refuses a submission without sending it: these complaints (field name → text) go under
   * their fields, and focus to the first of them.
   */
  function refuse(form: HTMLFormElement, fields: Record<string, string>) {
    refocus.current = { form, focused: document.activeElement };
    setProblem({ message: "", fields, fieldErrors: [] });
    setSucceeded(false);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    void submit(form, options.variables(new FormData(form)));
  }

  return { handleSubmit, submit, refuse, fetching, problem, setProblem, succeeded };
}
