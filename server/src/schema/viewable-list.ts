import type { GraphQLResolveInfo } from "graphql";
import { type NamespaceWith, type Permit, permission, permitsOf } from "../auth/vocabulary.ts";
import type { Context } from "../context.ts";
import { type Held, listingsSettle, type MirroredScope } from "../domain/grant-mirror.ts";
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
import { selectedFieldsAt } from "./selection.ts";
import { together } from "./together.ts";
import { isRowId } from "./visibility.ts";
import { type VisiblePage, visiblePage } from "./visible-page.ts";

type Query<Where> = {
  where: { AND: Where[] };
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

export interface ViewableList<Row, Where> {
  /** The Keto namespace whose `view` permit decides each row. */
  namespace: NamespaceWith<"view">;
  /** Runs the query Prisma-style; callers may narrow `where` further (to one parent, say). */
  find(query: Query<Where>): Promise<Row[]>;
  /** The parent the list belongs to, if any, so that its cursors work only here. */
  within?: string;
  /**
   * Where candidates come from. Without it, every row `find` returns is one
   * (right for lists inside an object the viewer sees, whose rows they mostly
   * see too). With it, candidates are the rows the viewer's grants reach: the
   * API's grant mirror, plus any object Keto relates to the viewer that the
   * mirror does not know (a tuple written to Keto directly). The work then
   * follows what the viewer may see, not how many rows are hidden.
   */
  granted?: () => Promise<MirroredScope<Where>>;
}

/**
 * A Relay page of rows from one Keto namespace, newest first, holding only
 * those the viewer may `view`. `last`/`before` page backwards: the scan runs
 * the other way, then the page is turned round. The `viewerCan` permits the
 * selection asks for are checked in the same Keto round as the rows' `view`.
 */
export async function viewableNewestFirst<Row extends Position, Where extends object>(
  context: Context,
  info: GraphQLResolveInfo,
  args: PageArgs,
  list: ViewableList<Row, Where>,
): Promise<Connection<Row>> {
  const backwards = args.last != null || args.before != null;
  if (backwards && (args.first != null || args.after != null)) {
    throw new ApiError("BAD_USER_INPUT", "Page with first/after or with last/before, not both.");
  }
  const { namespace } = list;
  const cursors = `${namespace}/${list.within ?? ""}`;
  const cursor = backwards ? args.before : args.after;
  const after = cursor ? openCursor(context.cursorSealer, cursors, cursor) : undefined;
  const first = pageSize(backwards ? args.last : args.first);
  const selected = selectedFieldsAt(info, ["edges", "node", "viewerCan"]);
  const permits = permitsOf(namespace).filter(
    (permit: string) => permit !== "view" && selected.has(permit),
  );

  /**
   * `held`: what the grant mirror says the viewer holds on each candidate. A check the
   * viewer's own relations there grant, or one nothing they or their groups hold there could
   * grant, is expected from the viewer's listings in Keto, not asked (decisions 0030, 0031).
   */
  const pageWithin = (scope: Where | undefined, held?: Promise<Map<string, Held>>) =>
    visiblePage({
      first,
      after,
      fetch: (position, take) =>
        together(context, async () => {
          const [rows] = await Promise.all([
            list.find({
              where: {
                AND: [
                  ...(scope === undefined ? [] : [scope]),
                  (backwards ? newerThan(position) : olderThan(position)) as Where,
                ],
              },
              orderBy: backwards ? oldestFirst : newestFirst,
              take,
            }),
            // Settled with the rows, so sibling lists' checks still leave in the same tick.
            held?.catch(() => {}),
          ]);
          return rows;
        }),
      positionOf: ({ createdAt, id }) => ({ createdAt, id }),
      visible: async (rows, fitting) => {
        const direct = await held;
        const asked = (row: Row, permit: string) => {
          const check = permission(namespace, row.id, permit as Permit<typeof namespace>);
          const on = direct?.get(row.id);
          if (on && listingsSettle(namespace, permit, on)) context.expectListed(check);
          return check;
        };
        const views = rows.map((row) => context.can(asked(row, "view")));
        // Asked now, so they leave with the views; the fields read them from the request's cache.
        for (const row of rows.slice(0, fitting)) {
          for (const relation of permits) context.warm(asked(row, relation));
        }
        return Promise.all(views);
      },
    });

  const page = list.granted
    ? await grantedPage(context, namespace, list.granted, pageWithin)
    : await pageWithin(undefined);
  return connectionOf(context, cursors, page, backwards, Boolean(cursor));
}

/**
 * The page over the rows the viewer's grants reach. The mirror's page is
 * checked at once, beside Keto's listing of the viewer's tuples, so both
 * cost one round together; checks that the viewer's own tuples answer are
 * read from that listing instead of asked. Only if Keto names objects the
 * mirror lacks is the page read again with them (checks already answered
 * come from the cache).
 */
async function grantedPage<Row extends Position, Where extends object>(
  context: Context,
  namespace: string,
  granted: () => Promise<MirroredScope<Where>>,
  pageWithin: (
    scope: Where,
    held: Promise<Map<string, Held>>,
  ) => Promise<VisiblePage<Row, Position>>,
): Promise<VisiblePage<Row, Position>> {
  const listed = context.grantedObjects(namespace);
  listed.catch(() => {}); // awaited below; until then a failure must not count as unhandled
  const mirror = await granted();
  const held = mirror.held();
  held.catch(() => {});
  const mirrored = pageWithin(mirror.where, held);
  mirrored.catch(() => {});
  const [inKeto, inMirror] = await Promise.all([listed, held]);
  // Keto may name objects that are no row (the `everyone` group, say): those name nothing here.
  const unmirrored = [...inKeto].filter((id) => isRowId(id) && !inMirror.has(id));
  if (unmirrored.length === 0) return mirrored;
  return pageWithin({ OR: [mirror.where, { id: { in: unmirrored } }] } as Where, held);
}

function connectionOf<Row>(
  context: Context,
  list: string,
  page: VisiblePage<Row, Position>,
  backwards: boolean,
  resumed: boolean,
): Connection<Row> {
  // Every cursor is sealed alike, so one that resumes past hidden rows looks like any other.
  // Sealing costs a cipher per cursor, so it happens only for the cursors a query reads.
  const cursorAt = (position: Position) =>
    once(() => sealCursor(context.cursorSealer, list, position));
  const edges = page.edges.map(({ position, node }) => edgeOf(node, cursorAt(position)));
  const first = edges[0];
  const startCursor = first ? () => first.cursor : () => null;
  const resumeCursor = page.resumeAt ? cursorAt(page.resumeAt) : () => null;
  if (!backwards) {
    return {
      edges,
      pageInfo: pageInfoOf(page.hasNextPage, resumed, startCursor, resumeCursor),
    };
  }
  return {
    edges: edges.reverse(),
    pageInfo: pageInfoOf(resumed, page.hasNextPage, resumeCursor, startCursor),
  };
}

/** The value `make` gives on its first call, every time. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

/** An edge whose cursor is made when a resolver first reads it. */
function edgeOf<Row>(node: Row, cursor: () => string): Connection<Row>["edges"][number] {
  return {
    node,
    get cursor() {
      return cursor();
    },
  };
}

function pageInfoOf(
  hasNextPage: boolean,
  hasPreviousPage: boolean,
  startCursor: () => string | null,
  endCursor: () => string | null,
): Connection<unknown>["pageInfo"] {
  return {
    hasNextPage,
    hasPreviousPage,
    get startCursor() {
      return startCursor();
    },
    get endCursor() {
      return endCursor();
    },
  };
}
