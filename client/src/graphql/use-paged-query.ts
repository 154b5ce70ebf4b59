import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { useMemo } from "react";
import type { AnyVariables, UseQueryArgs } from "urql";
import { usePageWindow } from "../ui/Pager";
import { useRetryableQuery } from "./use-retryable-query";

/**
 * A query for one page of a list, the page taken from the URL (`?after=` / `?before=`).
 * `listOf` names the type the list holds: an empty page names no type, so urql's document
 * cache is told which mutations concern it.
 */
export function usePagedQuery<Data, Variables extends AnyVariables>(
  query: TypedDocumentNode<Data, Variables>,
  listOf: string,
  variables?: Omit<Variables, keyof ReturnType<typeof usePageWindow>>,
) {
  const pageWindow = usePageWindow();
  // urql re-runs a query when its context object changes, so keep it stable.
  const context = useMemo(() => ({ additionalTypenames: [listOf] }), [listOf]);
  // TypeScript cannot see that the page window puts back exactly the keys omitted above.
  const pageVariables = { ...variables, ...pageWindow } as unknown as Variables;
  return useRetryableQuery<Data, Variables>({
    query,
    variables: pageVariables,
    context,
  } as UseQueryArgs<Variables, Data>);
}
