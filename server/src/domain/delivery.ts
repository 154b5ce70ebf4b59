import type { PrismaClient } from "../db/client.ts";
import type { TupleChange } from "../outbox/tuples.ts";

/** Whether Keto holds a mutation's tuple changes: the answer's `permissionChanges`. */
export type PermissionChanges = "APPLIED" | "PENDING";

export interface DeliveryState {
  permissionChanges: PermissionChanges;
  /**
   * The mutation's inserts of user tuples that still stand: no later outbox
   * row changes their object. These are safe to answer as granted.
   */
  standingGrants: TupleChange[];
}

/** Reads back the outbox rows a mutation wrote, after it tried to deliver them. */
export async function deliveryState(prisma: PrismaClient, ids: bigint[]): Promise<DeliveryState> {
  if (ids.length === 0) return { permissionChanges: "APPLIED", standingGrants: [] };
  const rows = await prisma.tupleOutbox.findMany({
    where: { id: { in: ids } },
    orderBy: { id: "asc" },
  });
  const permissionChanges = rows.some((row) => row.deliveredAt === null) ? "PENDING" : "APPLIED";
  const inserts = rows.filter(
    (row) =>
      row.action === "INSERT" &&
      row.relation !== null &&
      row.subjectSetNamespace === "User" &&
      row.subjectSetRelation === "" &&
      row.subjectSetObject !== null,
  );
  if (inserts.length === 0) return { permissionChanges, standingGrants: [] };
  // Any row after an insert that names its object (a revoke or delete from this
  // mutation or another request) may undo it: such inserts are left to Keto.
  const first = inserts[0].id;
  const after = await prisma.tupleOutbox.findMany({
    where: {
      id: { gt: first },
      OR: inserts.map((row) => ({ namespace: row.namespace, object: row.object })),
    },
    select: { id: true, namespace: true, object: true },
  });
  const changedLater = (insert: (typeof inserts)[number]) =>
    after.some(
      (row) =>
        row.id > insert.id && row.namespace === insert.namespace && row.object === insert.object,
    );
  const standingGrants = inserts
    .filter((row) => !changedLater(row))
    .map(
      (row): TupleChange => ({
        action: "INSERT",
        namespace: row.namespace,
        object: row.object,
        relation: row.relation as string,
        subject: { kind: "user", id: row.subjectSetObject as string },
      }),
    );
  return { permissionChanges, standingGrants };
}
