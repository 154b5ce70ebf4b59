import type { Context } from "../context.ts";
import { ApiError } from "../errors.ts";
import {
  encodeCursor,
  newerThan,
  newestFirst,
  olderThan,
  oldestFirst,
  type Position,
  pageSize,
} from "./cursor.ts";
import { viewPermission } from "./visibility.ts";
import { type VisiblePage, visiblePage } from "./visible-page.ts";

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

/**
 * A Relay page of rows from one Keto namespace, newest first, holding only
 * those the viewer may `view`. `find` runs the query Prisma-style; callers
 * narrow it further (e.g. to one project's documents) by merging into `where`.
 * `last`/`before` page backwards: the scan runs the other way, then the page
 * is turned round.
 */
export async function viewableNewestFirst<Row extends Position>(
  context: Context,
  args: PageArgs,
  namespace: string,
  find: (query: Query) => Promise<Row[]>,
): Promise<VisiblePage<Row>> {
  const backwards = args.last != null || args.before != null;
  if (backwards && (args.first != null || args.after != null)) {
    throw new ApiError("BAD_USER_INPUT", "Page with first/after or with last/before, not both.");
  }
  const page = await visiblePage({
    first: pageSize(backwards ? args.last : args.first),
    after: backwards ? args.before : args.after,
    fetch: (cursor, take) =>
      find(
        backwards
          ? { where: newerThan(cursor), orderBy: oldestFirst, take }
          : { where: olderThan(cursor), orderBy: newestFirst, take },
      ),
    cursorOf: (row) => encodeCursor(row),
    visible: (rows) =>
      Promise.all(rows.map((row) => context.can(viewPermission(namespace, row.id)))),
  });
  if (!backwards) return page;
  const { edges, pageInfo } = page;
  return {
    edges: [...edges].reverse(),
    pageInfo: {
      hasPreviousPage: pageInfo.hasNextPage,
      hasNextPage: Boolean(args.before),
      startCursor: pageInfo.endCursor,
      endCursor: pageInfo.startCursor,
    },
  };
}
