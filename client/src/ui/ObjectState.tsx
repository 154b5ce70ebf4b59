import type { CombinedError } from "urql";
import { ApiErrorState, NotFoundState } from "./ApiErrorState";
import { LoadingState } from "./states";

interface ObjectStateProps {
  result: { fetching: boolean; error?: CombinedError };
  /** What the page is about ("project"), for "Loading the project…" and "this project". */
  noun: string;
  retry(): void;
}

/**
 * What a page about one object shows while it does not have the object: it is still
 * loading, the API refused, or there is nothing (the API does not say which of hidden or
 * missing). Once the object is there, a background refetch keeps it on screen instead.
 */
export function ObjectState({ result, noun, retry }: ObjectStateProps) {
  const subject = `this ${noun}`;
  if (result.fetching) return <LoadingState label={`Loading the ${noun}…`} />;
  if (result.error) return <ApiErrorState error={result.error} subject={subject} retry={retry} />;
  return <NotFoundState subject={subject} />;
}
