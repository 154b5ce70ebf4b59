import { Link, useSearchParams } from "react-router";
import { type FragmentType, getFragmentData, graphql } from "../gql";

/** What the pager needs of a connection; list queries spread it into their `pageInfo`. */
const PagerPageInfoFragment = graphql(`
  fragment PagerPageInfo on PageInfo {
    hasNextPage
    hasPreviousPage
    startCursor
    endCursor
  }
`);

export type PageInfo = FragmentType<typeof PagerPageInfoFragment>;

interface PagerProps {
  pageInfo: PageInfo;
  label: string;
}

/** Page size of every list; the API caps it as well. */
export const pageSize = 20;

/**
 * Where a list page starts, read from the URL (`?after=` / `?before=`), so a page of a
 * list is a link that can be shared and reloaded. Feed it to a connection's arguments.
 */
export function usePageWindow() {
  const [params] = useSearchParams();
  const after = params.get("after");
  const before = params.get("before");
  if (before) return { last: pageSize, before };
  return { first: pageSize, after };
}

/** Previous / next links for a Relay connection. */
export function Pager({ label, ...props }: PagerProps) {
  const pageInfo = getFragmentData(PagerPageInfoFragment, props.pageInfo);
  const [params] = useSearchParams();
  const paged = params.has("after") || params.has("before");
  const link = (key: "after" | "before", cursor: string) => {
    const next = new URLSearchParams(params);
    next.delete("after");
    next.delete("before");
    next.set(key, cursor);
    return `?${next}`;
  };
  const hasPrevious = pageInfo.hasPreviousPage && pageInfo.startCursor;
  const hasNext = pageInfo.hasNextPage && pageInfo.endCursor;
  if (!paged && !hasNext) return null;
  return (
    <nav className="pager" aria-label={label}>
      {paged && <Link to="?">First page</Link>}
      {hasPrevious && <Link to={link("before", pageInfo.startCursor as string)}>Previous</Link>}
      {hasNext && <Link to={link("after", pageInfo.endCursor as string)}>Next</Link>}
    </nav>
  );
}
