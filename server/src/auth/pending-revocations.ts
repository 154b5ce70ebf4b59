import type { PrismaClient } from "../db/client.ts";
import { isObjectDelete, type OutboxTuple, subjectOf, undelivered } from "../outbox/rows.ts";
import type { Permission } from "./permissions.ts";
import { subjectSetFields, userSubject } from "./vocabulary.ts";

/**
 * Revokes Keto has not confirmed yet: outbox DELETE rows that are not delivered
 * (still retrying or dead-lettered). Until Keto has them it still answers from
 * the old state, so checks such a revoke could change are denied here. The rows
 * live in the shared database, so every replica sees the same revokes.
 */
export interface PendingRevocations {
  /** One answer per permission: true when a pending revoke may take it from the user. */
  affects(userId: string, permissions: readonly Permission[]): Promise<boolean[]>;
}

type PendingDelete = OutboxTuple;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a pending revoke covers (docs/decisions/0012-outbox-dead-letters-and-pending-revokes.md):
 * - a tuple whose subject is the user: the user's checks on that object;
 * - a tuple whose subject is a group's members (`…@Group:h#members`): the checks on that
 *   object of the users who are members of h, directly or through nested groups, as the
 *   database mirrors them (everyone's, if h is not in the mirror);
 * - a tuple with any other subject set (a document's parent project), or a whole-object
 *   delete: everyone's checks on that object;
 * - a project's revokes also cover the documents whose parent it is;
 * - a revoke on a group's `members` (the user, or a group the user is in, leaves it): every
 *   check of that user, since anything may be reachable through the group;
 * - a whole group deleted: every check of everyone (its members are gone from the mirror).
 */
export function pendingRevocations(prisma: PrismaClient): PendingRevocations {
  return {
    async affects(userId, permissions) {
      // A round asks several permits of each object: each object is named once.
      const objects = new Map<string, Set<string>>();
      for (const { namespace, object } of permissions) {
        let ids = objects.get(namespace);
        if (!ids) {
          ids = new Set();
          objects.set(namespace, ids);
        }
        ids.add(object);
      }
      // The one query per Keto round; with nothing pending it finds no row in the
      // deliveredAt index and costs next to nothing.
      const rows = await prisma.tupleOutbox.findMany({
        where: {
          action: "DELETE",
          ...undelivered,
          OR: [
            ...[...objects].map(([namespace, ids]) => ({ namespace, object: { in: [...ids] } })),
            // Documents inherit their project's permits.
            ...(objects.has("Document") ? [{ namespace: "Project" }] : []),
            subjectSetFields(userSubject(userId)),
            { namespace: "Group" },
          ],
        },
        select: {
          action: true,
          namespace: true,
          object: true,
          relation: true,
          subjectSetNamespace: true,
          subjectSetObject: true,
          subjectSetRelation: true,
        },
      });
      if (rows.length === 0) return permissions.map(() => false);

      const memberOf = await groupsOfUser(prisma, userId, rows);
      const revokes = (row: PendingDelete) => revokesFor(row, userId, memberOf);
      const groupRows = rows.filter((row) => row.namespace === "Group");
      const everything =
        groupRows.some(isObjectDelete) ||
        groupRows.some((row) => row.relation === "members" && revokes(row));
      if (everything) return permissions.map(() => true);

      const revokedObjects = new Set(
        rows.filter(revokes).map((row) => `${row.namespace}:${row.object}`),
      );
      const parents = await parentProjects(prisma, permissions, revokedObjects);
      return permissions.map(
        ({ namespace, object }) =>
          revokedObjects.has(`${namespace}:${object}`) ||
          (namespace === "Document" && revokedObjects.has(`Project:${parents.get(object)}`)),
      );
    },
  };
}

/** Whether the row may take something on its own object away from the user. */
function revokesFor(row: PendingDelete, userId: string, memberOf: (group: string) => boolean) {
  const subject = subjectOf(row);
  if (!subject || isObjectDelete(row)) return true;
  if (subject.kind === "user") return subject.id === userId;
  if (subject.namespace === "Group" && subject.relation === "members") {
    return memberOf(subject.object);
  }
  return true;
}

/**
 * For the groups whose members the rows name: is the user one of their members, directly
 * or through nested groups (one recursive query, only when such rows are pending)? A group
 * the mirror does not hold counts as holding the user, so an unknown group fails closed.
 */
async function groupsOfUser(
  prisma: PrismaClient,
  userId: string,
  rows: PendingDelete[],
): Promise<(group: string) => boolean> {
  const named = new Set<string>();
  for (const row of rows) {
    const subject = subjectOf(row);
    if (subject?.kind === "set" && subject.namespace === "Group") named.add(subject.object);
  }
  const ids = [...named].filter((id) => uuid.test(id));
  if (ids.length === 0) return () => true;
  const found = await prisma.$queryRaw<{ root: string; member: boolean | null }[]>`
    WITH RECURSIVE reached(root, "groupId") AS (
      SELECT g.id, g.id FROM "Group" g WHERE g.id = ANY(${ids}::uuid[])
      UNION
      SELECT r.root, m."memberGroupId" FROM "GroupMembership" m
      JOIN reached r ON m."groupId" = r."groupId"
      WHERE m."memberGroupId" IS NOT NULL AND m.role = 'MEMBER'
    )
    SELECT r.root::text AS root,
           bool_or(m."userId"::text = ${userId} AND m.role = 'MEMBER') AS member
    FROM reached r LEFT JOIN "GroupMembership" m ON m."groupId" = r."groupId"
    GROUP BY r.root`;
  const known = new Map(found.map((row) => [row.root, row.member === true]));
  return (group) => known.get(group) ?? true;
}

/** The parent project of each checked document, asked only when a project has a pending revoke. */
async function parentProjects(
  prisma: PrismaClient,
  permissions: readonly Permission[],
  revokedObjects: Set<string>,
): Promise<Map<string, string>> {
  if (![...revokedObjects].some((key) => key.startsWith("Project:"))) return new Map();
  const documentIds = permissions
    .filter((permission) => permission.namespace === "Document" && uuid.test(permission.object))
    .map((permission) => permission.object);
  if (documentIds.length === 0) return new Map();
  const documents = await prisma.document.findMany({
    where: { id: { in: documentIds } },
    select: { id: true, projectId: true },
  });
  return new Map(documents.map((document) => [document.id, document.projectId]));
}
