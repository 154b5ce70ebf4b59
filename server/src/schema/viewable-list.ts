import type { Context } from "../context.ts";
import { ApiError } from "../errors.ts";
import {
  newerThan,
  newestFirst,
  olderThan,
  oldestFirst,
  openCursor,
  type Position,
  pageSize,
  sealCursor,
} from "./cursor.ts";
import { viewPermission } from "./visibility.ts";
import { visiblePage } from "./visible-page.ts";

type Query = {
  where: ReturnType<typeof olderThan> | ReturnType<typeof newerThan>;
  orderBy: typeof newestFirst | typeof oldestFirst;
  take: number;
};

interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface Connection<Row> {
  edges: { cursor: string; node: Row }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

/**
 * A Relay page of rows from one Keto namespace, newest first, holding only
 * those the viewer may `view`. `find` runs the query Prisma-style; callers
 * narrow it further (e.g. to one project's documents) by merging into `where`,
 * and then name that parent as `within`, so the list's cursors work only here.
 * `last`/`before` page backwards: the scan runs the other way, then the page
 * is turned round.
 */
export async function viewableNewestFirst<Row extends Position>(
  context: Context,
  args: PageArgs,
  namespace: string,
  find: (query: Query) => Promise<Row[]>,
  within = "",
): Promise<Connection<Row>> {
  const backwards = args.last != null || args.before != null;
  if (backwards && (args.first != null || args.after != null)) {
    throw new ApiError("BAD_USER_INPUT", "Page with first/after or with last/before, not both.");
  }
  const list = `${namespace}/${within}`;
  const cursor = backwards ? args.before : args.after;
  const page = await visiblePage({
    first: pageSize(backwards ? args.last : args.first),
    after: cursor ? openCursor(context.cursorSealer, list, cursor) : undefined,
    fetch: (after, take) =>
      find(
        backwards
          ? { where: newerThan(after), orderBy: oldestFirst, take }
          : { where: olderThan(after), orderBy: newestFirst, take },
      ),
    positionOf: ({ createdAt, id }) => ({ createdAt, id }),
    visible: (rows) =>
      Promise.all(rows.map((row) => context.can(viewPermission(namespace, row.id)))),
  });
  // Every cursor is sealed alike, so one that resumes past hidden rows looks like any other.
  const seal = (position: Position) => sealCursor(context.cursorSealer, list, position);
  const edges = page.edges.map(({ position, node }) => ({ cursor: seal(position), node }));
  const startCursor = edges[0]?.cursor ?? null;
  const resumeCursor = page.resumeAt && seal(page.resumeAt);
  if (!backwards) {
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: Boolean(args.after),
        startCursor,
        endCursor: resumeCursor,
      },
    };
  }
  return {
    edges: edges.reverse(),
    pageInfo: {
      hasPreviousPage: page.hasNextPage,
      hasNextPage: Boolean(args.before),
      startCursor: resumeCursor,
      endCursor: startCursor,
    },
  };
}
