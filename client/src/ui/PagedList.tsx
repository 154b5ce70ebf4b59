import type { ReactNode } from "react";
import type { CombinedError } from "urql";
import { ApiErrorState } from "./ApiErrorState";
import { type PageInfo, Pager } from "./Pager";
import { LoadingState } from "./states";

interface PagedListProps<Node extends { id: string }> {
  result: { fetching: boolean; error?: CombinedError };
  connection: { edges: { node: Node }[]; pageInfo: PageInfo } | undefined;
  retry(): void;
  /** What the list is, for the error states' headings ("your projects"). */
  subject: string;
  loadingLabel: string;
  /** Shown instead of the list when this page of it is empty. */
  empty: ReactNode;
  pagerLabel: string;
  /** The content of one list item. */
  children(node: Node): ReactNode;
}

/** A list page's body: loading, the API's error, nothing yet, or a page of items with a pager. */
export function PagedList<Node extends { id: string }>(props: PagedListProps<Node>) {
  const { result, connection } = props;
  if (result.fetching) return <LoadingState label={props.loadingLabel} />;
  if (result.error) {
    return <ApiErrorState error={result.error} subject={props.subject} retry={props.retry} />;
  }
  if (!connection || connection.edges.length === 0) return props.empty;
  return (
    <>
      <ul className="list">
        {connection.edges.map(({ node }) => (
          <li key={node.id} className="list-item">
            {props.children(node)}
          </li>
        ))}
      </ul>
      <Pager pageInfo={connection.pageInfo} label={props.pagerLabel} />
    </>
  );
}
