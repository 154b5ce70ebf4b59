import type { Context } from "../context.ts";
import { afterPosition, encodeCursor, newestFirst, type Position, pageSize } from "./cursor.ts";
import { viewPermission } from "./visibility.ts";
import { visiblePage } from "./visible-page.ts";

type NewestFirstQuery = {
  where: ReturnType<typeof afterPosition>;
  orderBy: typeof newestFirst;
  take: number;
};

/**
 * A Relay page of rows from one Keto namespace, newest first, holding only
 * those the viewer may `view`. `find` runs the query Prisma-style; callers
 * narrow it further (e.g. to one project's documents) by merging into `where`.
 */
export function viewableNewestFirst<Row extends Position>(
  context: Context,
  args: { first?: number | null; after?: string | null },
  namespace: string,
  find: (query: NewestFirstQuery) => Promise<Row[]>,
) {
  return visiblePage({
    first: pageSize(args.first),
    after: args.after,
    fetch: (after, take) => find({ where: afterPosition(after), orderBy: newestFirst, take }),
    cursorOf: (row) => encodeCursor(row),
    visible: (rows) =>
      Promise.all(rows.map((row) => context.can(viewPermission(namespace, row.id)))),
  });
}
