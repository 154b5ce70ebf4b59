import type { PrismaClient } from "../db/client.ts";
import { subjectOf } from "../outbox/rows.ts";
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
  // The mutation's inserts of a direct user subject, in outbox order.
  const inserts = rows.flatMap((row) => {
    const subject = subjectOf(row);
    if (row.action !== "INSERT" || row.relation === null || subject?.kind !== "user") return [];
    const change: TupleChange = {
      action: "INSERT",
      namespace: row.namespace,
      object: row.object,
      relation: row.relation,
      subject,
    };
    return [{ id: row.id, change }];
  });
  if (inserts.length === 0) return { permissionChanges, standingGrants: [] };
  // Any row after an insert that names its object (a revoke or delete from this
  // mutation or another request) may undo it: such inserts are left to Keto.
  const after = await prisma.tupleOutbox.findMany({
    where: {
      id: { gt: inserts[0].id },
      OR: inserts.map(({ change }) => ({ namespace: change.namespace, object: change.object })),
    },
    select: { id: true, namespace: true, object: true },
  });
  const standingGrants = inserts
    .filter(
      ({ id, change }) =>
        !after.some(
          (row) =>
            row.id > id && row.namespace === change.namespace && row.object === change.object,
        ),
    )
    .map(({ change }) => change);
  return { permissionChanges, standingGrants };
}
