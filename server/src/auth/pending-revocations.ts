import type { PrismaClient } from "../db/client.ts";
import { isObjectDelete, type OutboxTuple, subjectOf } from "../outbox/rows.ts";
import type { Permission } from "./permissions.ts";

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
 * - a tuple on an object whose subject is the user: the user's checks on that object;
 * - a tuple on an object whose subject is a subject set (group members, a document's parent
 *   project), or a whole-object delete: everyone's checks on that object;
 * - for a project, all of the above also covers the documents whose parent it is;
 * - the user leaving a group (`Group:g#members@User:u`): every check of that user, since
 *   anything may be reachable through g;
 * - a group leaving a group (`Group:g#members@Group:h#members`): every check of the users
 *   who are members of h, directly or through nested groups, as the database mirrors them;
 * - a whole group deleted: every check of everyone (its members are gone from the mirror).
 */
export function pendingRevocations(prisma: PrismaClient): PendingRevocations {
  return {
    async affects(userId, permissions) {
      const objects = new Map<string, string[]>();
      for (const { namespace, object } of permissions) {
        objects.set(namespace, [...(objects.get(namespace) ?? []), object]);
      }
      // The one query per Keto round; with nothing pending it finds no row in the
      // deliveredAt index and costs next to nothing.
      const rows = await prisma.tupleOutbox.findMany({
        where: {
          action: "DELETE",
          deliveredAt: null,
          OR: [
            ...[...objects].map(([namespace, ids]) => ({ namespace, object: { in: ids } })),
            // Documents inherit their project's permits.
            ...(objects.has("Document") ? [{ namespace: "Project" }] : []),
            { subjectSetNamespace: "User", subjectSetObject: userId, subjectSetRelation: "" },
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
      if (await losesEverything(prisma, userId, rows)) return permissions.map(() => true);

      const revokedObjects = new Set(
        rows
          .filter((row) => revokesFor(row, userId))
          .map((row) => `${row.namespace}:${row.object}`),
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

/** Whether the row takes something on its own object away from the user (or from everyone). */
function revokesFor(row: PendingDelete, userId: string): boolean {
  const subject = subjectOf(row);
  if (isObjectDelete(row) || subject?.kind === "set") return true;
  return subject?.kind === "user" && subject.id === userId;
}

/** Membership revokes reach anything through the group; those deny all of a user's checks. */
async function losesEverything(
  prisma: PrismaClient,
  userId: string,
  rows: PendingDelete[],
): Promise<boolean> {
  const groupRows = rows.filter((row) => row.namespace === "Group");
  if (groupRows.some(isObjectDelete)) return true;
  const members = groupRows.filter((row) => row.relation === "members");
  const leftGroups: string[] = [];
  for (const row of members) {
    const subject = subjectOf(row);
    if (subject?.kind === "user" && subject.id === userId) return true;
    if (subject?.kind === "set" && subject.namespace === "Group") leftGroups.push(subject.object);
  }
  return leftGroups.length > 0 && isMemberOfAny(prisma, userId, leftGroups);
}

/** Is the user a member of one of these groups, directly or through nested groups? */
async function isMemberOfAny(
  prisma: PrismaClient,
  userId: string,
  groupIds: string[],
): Promise<boolean> {
  const ids = groupIds.filter((id) => uuid.test(id));
  if (ids.length === 0) return false;
  const [{ member }] = await prisma.$queryRaw<{ member: boolean }[]>`
    WITH RECURSIVE reached("groupId") AS (
      SELECT unnest(${ids}::uuid[])
      UNION
      SELECT m."memberGroupId" FROM "GroupMembership" m
      JOIN reached r ON m."groupId" = r."groupId"
      WHERE m."memberGroupId" IS NOT NULL
    )
    SELECT EXISTS (
      SELECT 1 FROM "GroupMembership" m JOIN reached r ON m."groupId" = r."groupId"
      WHERE m."userId"::text = ${userId}
    ) AS member`;
  return member;
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
