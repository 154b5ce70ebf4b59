import { MAX_GROUP_HOPS } from "../auth/keto-depth.ts";
import { namesGranting, permitsGrantedBy } from "../auth/vocabulary.ts";
import type { PrismaClient } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { groupRelation, projectRelation } from "./sharing.ts";

/**
 * What the API's own grant tables (ProjectGrant, GroupMembership, written in
 * the same transaction as the tuples they mirror) say a viewer can reach:
 * a filter for one table's rows, and the ids it lets through. The mirror only
 * proposes candidates; Keto still decides each one.
 */
export interface MirroredScope<Where> {
  where: Where;
  /**
   * Each id the filter lets through, with what the mirror says the viewer holds on it: which
   * checks the viewer's listings in Keto are expected to settle.
   */
  held(): Promise<Map<string, Held>>;
}

/** What the mirror says the viewer holds on one object. */
export interface Held {
  /** Relations held directly, as `User:<viewer>`. */
  relations: string[];
  /** Whether a group the viewer is in holds something there too. */
  throughGroup: boolean;
}

/**
 * Whether the viewer's listings in Keto are expected to settle `permit` on an object the mirror
 * says the viewer holds `held` on: yes when a relation held directly grants it, no when nothing
 * held there, directly or through a group, could grant it. Only a prediction: what the listings
 * do not settle is checked with Keto.
 */
export function listingsSettle(namespace: string, permit: string, held: Held): boolean {
  if (held.relations.some((relation) => permitsGrantedBy(namespace, relation).includes(permit))) {
    return true;
  }
  return !held.throughGroup && namesGranting(namespace, permit) !== undefined;
}

/** Adds a relation held directly on `id`, or, with none, a group's grant there. */
function hold(held: Map<string, Held>, id: string, relation?: string) {
  let on = held.get(id);
  if (!on) {
    on = { relations: [], throughGroup: false };
    held.set(id, on);
  }
  if (relation) on.relations.push(relation);
  else on.throughGroup = true;
}

export interface GrantMirror {
  /** Groups whose members the viewer is, directly or through nested groups. */
  groupsJoined(): Promise<string[]>;
  projects(): Promise<MirroredScope<Prisma.ProjectWhereInput>>;
  groups(): Promise<MirroredScope<Prisma.GroupWhereInput>>;
}

/**
 * Whether `outer` already holds `inner` as a member, directly or through nested groups: then
 * adding `outer` to `inner` would close a cycle. The walk keeps no depth, so UNION's
 * deduplication ends it even on a graph that has a cycle already.
 */
export async function groupContains(
  db: Prisma.TransactionClient,
  outer: string,
  inner: string,
): Promise<boolean> {
  const [row] = await db.$queryRaw<{ contains: boolean }[]>`
    WITH RECURSIVE within ("groupId") AS (
      SELECT "memberGroupId" FROM "GroupMembership"
      WHERE "groupId" = ${outer}::uuid AND "memberGroupId" IS NOT NULL
      UNION
      SELECT m."memberGroupId"
      FROM "GroupMembership" m JOIN within ON m."groupId" = within."groupId"
      WHERE m."memberGroupId" IS NOT NULL
    )
    SELECT EXISTS (SELECT 1 FROM within WHERE "groupId" = ${inner}::uuid) AS "contains"`;
  return row?.contains ?? false;
}

/** One request's reading of the mirror for one viewer; the group walk is read once. */
export function grantMirror(prisma: PrismaClient, userId: string): GrantMirror {
  let memberOf: Promise<string[]> | undefined;
  // Groups whose members the viewer is, directly or through nested groups.
  const groupsJoined = () =>
    (memberOf ??= prisma.$queryRaw<{ groupId: string }[]>`
        WITH RECURSIVE member_of ("groupId", depth) AS (
          SELECT "groupId", 1 FROM "GroupMembership"
          WHERE "userId" = ${userId}::uuid AND "role" = 'MEMBER'
          UNION
          SELECT m."groupId", member_of.depth + 1
          FROM "GroupMembership" m JOIN member_of ON m."memberGroupId" = member_of."groupId"
          WHERE m."role" = 'MEMBER' AND member_of.depth < ${MAX_GROUP_HOPS}
        )
        SELECT DISTINCT "groupId"::text AS "groupId" FROM member_of`.then((rows) =>
      rows.map((row) => row.groupId),
    ));

  return {
    groupsJoined,
    async projects() {
      const groups = await groupsJoined();
      const grant = { OR: [{ userId }, { groupId: { in: groups } }] };
      return {
        where: { grants: { some: grant } },
        held: async () => {
          const grants = await prisma.projectGrant.findMany({
            where: grant,
            select: { projectId: true, userId: true, role: true },
          });
          const held = new Map<string, Held>();
          for (const row of grants) {
            hold(
              held,
              row.projectId,
              row.userId === userId ? projectRelation[row.role] : undefined,
            );
          }
          return held;
        },
      };
    },
    async groups() {
      const groups = await groupsJoined();
      return {
        where: { OR: [{ id: { in: groups } }, { memberships: { some: { userId } } }] },
        held: async () => {
          const memberships = await prisma.groupMembership.findMany({
            where: { userId },
            select: { groupId: true, role: true },
          });
          const held = new Map<string, Held>();
          for (const row of memberships) hold(held, row.groupId, groupRelation[row.role]);
          // Groups reached only through nested groups.
          for (const group of groups) {
            if (!held.get(group)?.relations.includes(groupRelation.MEMBER)) hold(held, group);
          }
          return held;
        },
      };
    },
  };
}
