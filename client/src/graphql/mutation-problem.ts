import type { CombinedError } from "urql";
import { graphql } from "../gql";
import { apiErrorCode } from "./error-code";

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

/** One of a ValidationError's complaints, where in the input it is, e.g. ["input", "email"]. */
export interface FieldError {
  message: string;
  path: string[];
}

/** The error members of the API's mutation result unions. */
type ResultError =
  | { __typename: "ValidationError"; message: string; fieldErrors: FieldError[] }
  | { __typename: "ForbiddenError" | "NotFoundError"; message: string };

export interface MutationProblem {
  /**
   * What to say once for the whole form, in words for people: the complaints no field of
   * the form shows. Empty when every complaint sits under its own field.
   */
  message: string;
  /** Field name (last path segment, e.g. "email") → what to say under that field. */
  fields: Record<string, string>;
  /** The API's field errors as they came, input paths and all: for code, never shown. */
  fieldErrors: FieldError[];
}

/** Whether the form has a field of this name that can show its complaint under it. */
export type ShowsField = (name: string) => boolean;

/**
 * What went wrong with a mutation, from either a transport/GraphQL error or the typed
 * error member of its result union; undefined when it worked. Complaints about a field the
 * form shows (`showsField`) go under that field only; the rest, and complaints about the
 * input as a whole, make up the one form-level message.
 */
export function mutationProblem(
  outcome: { error?: CombinedError },
  result: { __typename?: string } | null | undefined,
  showsField: ShowsField = () => false,
): MutationProblem | undefined {
  if (outcome.error) return formProblem(transportMessage(outcome.error));
  if (!result) return formProblem("The API gave no answer. Try again in a moment.");
  const error = result as Partial<ResultError>;
  if (error.__typename === "ValidationError") {
    const fieldErrors = error.fieldErrors ?? [];
    const fields: Record<string, string> = {};
    const unplaced: string[] = [];
    for (const { path, message } of fieldErrors) {
      // ["input"] is the input as a whole: no field to put it under.
      const name = path.length > 1 ? path[path.length - 1] : undefined;
      if (name && showsField(name) && !fields[name]) fields[name] = sentence(message);
      else unplaced.push(sentence(message));
    }
    const message =
      fieldErrors.length === 0 ? "What you entered was not accepted." : unplaced.join(" ");
    return { message, fields, fieldErrors };
  }
  if (error.__typename === "ForbiddenError") {
    return formProblem(sentence(error.message ?? "You may not do that."));
  }
  if (error.__typename === "NotFoundError") {
    return formProblem(sentence(error.message ?? "It does not exist, or you cannot see it."));
  }
  return undefined;
}

/** The attribute TextField and SelectField put on a control that shows its own complaint. */
export const showsErrors = "data-shows-errors";

/**
 * Whether the form has a control of this name that shows its own complaint; any other
 * complaint belongs in the form-level message.
 */
export function showsErrorsFor(form: HTMLFormElement, name: string): boolean {
  return Array.from(form.elements).some(
    (element) => element.getAttribute("name") === name && element.hasAttribute(showsErrors),
  );
}

function formProblem(message: string): MutationProblem {
  return { message, fields: {}, fieldErrors: [] };
}

/** An operation that failed as a whole, said the way the page states say it. */
function transportMessage(error: CombinedError): string {
  switch (apiErrorCode(error)) {
    case "NETWORK":
      return "The API cannot be reached. Check your connection and try again.";
    case "UNAUTHENTICATED":
      return "Your session has ended. Sign in again, then try once more.";
    case "AUTHZ_UNAVAILABLE":
      return "Permissions cannot be checked right now, so nothing was changed. Try again in a moment.";
    case "OUT_OF_DATE":
      return "This page is out of date: reload it to get the new version.";
    default:
      // The API's own words may be internal (an exception's name): not for people.
      return "Something went wrong on our side, so nothing was changed. Try again in a moment.";
  }
}

/** The API words its complaints as clauses ("no account uses this email"); people read sentences. */
function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capitalised = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
