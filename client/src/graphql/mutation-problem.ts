import { graphql } from "../gql";

/**
 * The error members every mutation selects from its result union (spread as
 * `...MutationError`): the fields mutationProblem reads, written once.
 */
export const MutationErrorFragment = graphql(`
  fragment MutationError on Error {
    message
    ... on ValidationError {
      fieldErrors {
        message
        path
      }
    }
  }
`);

/** The error members of the API's mutation result unions. */
type ResultError =
  | {
      __typename: "ValidationError";
      message: string;
      fieldErrors: { message: string; path: string[] }[];
    }
  | { __typename: "ForbiddenError" | "NotFoundError"; message: string };

export interface MutationProblem {
  message: string;
  /** Field name (last path segment, e.g. "name") → the API's message. */
  fields: Record<string, string>;
}

/**
 * What went wrong with a mutation, from either a transport/GraphQL error or the typed
 * error member of its result union; undefined when it worked.
 */
export function mutationProblem(
  outcome: { error?: { message: string; graphQLErrors: { message: string }[] } },
  result: { __typename?: string } | null | undefined,
): MutationProblem | undefined {
  if (outcome.error) {
    return {
      message: outcome.error.graphQLErrors[0]?.message ?? outcome.error.message,
      fields: {},
    };
  }
  if (!result) return { message: "The API gave no answer.", fields: {} };
  const error = result as Partial<ResultError>;
  if (error.__typename === "ValidationError") {
    const fields: Record<string, string> = {};
    for (const field of error.fieldErrors ?? [])
      fields[field.path[field.path.length - 1]] = field.message;
    return { message: error.message ?? "Check the highlighted fields.", fields };
  }
  if (error.__typename === "ForbiddenError" || error.__typename === "NotFoundError") {
    return { message: error.message ?? "Not allowed.", fields: {} };
  }
  return undefined;
}
