import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { type FormEvent, useState } from "react";
import { type AnyVariables, type OperationContext, useMutation } from "urql";
import { type MutationProblem, mutationProblem } from "./mutation-problem";

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
 */
export function useMutationForm<
  Data,
  Variables extends AnyVariables,
  Result extends { __typename?: string },
>(
  mutation: TypedDocumentNode<Data, Variables>,
  options: MutationFormOptions<Data, Variables, Result>,
) {
  const [{ fetching }, execute] = useMutation(mutation);
  const [problem, setProblem] = useState<MutationProblem>();
  const [succeeded, setSucceeded] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const outcome = await execute(options.variables(new FormData(form)), options.context);
    const result = outcome.data ? options.result(outcome.data) : undefined;
    const found = mutationProblem(outcome, result);
    setProblem(found);
    setSucceeded(!found);
    if (!found && result) options.onSuccess?.(result, form);
  }

  return { handleSubmit, fetching, problem, setProblem, succeeded };
}
