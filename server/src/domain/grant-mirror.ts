import { MAX_GROUP_HOPS } from "../auth/keto-depth.ts";
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
   * Each id the filter lets through, with the relations the mirror says the viewer holds on
   * it directly (none when only a group of theirs does): which checks the viewer's own
   * listing in Keto is expected to answer.
   */
  held(): Promise<Map<string, string[]>>;
}

/** Adds `relation` (if any) to what the viewer holds on `id`. */
function hold(held: Map<string, string[]>, id: string, relation?: string) {
  const relations = held.get(id) ?? [];
  held.set(id, relations);
  if (relation) relations.push(relation);
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
          const held = new Map<string, string[]>();
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
          const held = new Map<string, string[]>();
          for (const group of groups) hold(held, group);
          for (const row of memberships) hold(held, row.groupId, groupRelation[row.role]);
          return held;
        },
      };
    },
  };
}
