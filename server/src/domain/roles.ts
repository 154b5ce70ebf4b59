import type { Namespace, Relation } from "../auth/vocabulary.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { insert, remove, type Subject, type TupleChange } from "../outbox/tuples.ts";
import { ValidationError } from "./failures.ts";

/** Where one grantee's roles on one object are kept: ProjectGrant or GroupMembership rows. */
export interface RoleRows<Role> {
  held(tx: Prisma.TransactionClient): Promise<{ id: string; role: Role }[]>;
  countOwners(tx: Prisma.TransactionClient): Promise<number>;
  delete(tx: Prisma.TransactionClient, ids: string[]): Promise<unknown>;
  create(tx: Prisma.TransactionClient, role: Role): Promise<unknown>;
}

export interface RoleChange<N extends Namespace, Role extends string> {
  namespace: N;
  object: string;
  subject: Subject;
  /** The one role the grantee ends with; null removes every role. */
  role: Role | null;
  relationOf: Record<Role, Relation<N>>;
  ownerRole: Role;
  rows: RoleRows<Role>;
}

/**
 * Gives a grantee exactly one role (or none) on an object, inside the
 * mutation's transaction: changes the mirror rows and returns the tuple
 * changes that go with them. An object never loses its last owner.
 */
export async function assignRole<N extends Namespace, Role extends string>(
  tx: Prisma.TransactionClient,
  change: RoleChange<N, Role>,
): Promise<TupleChange[]> {
  const { namespace, object, subject, role, relationOf, ownerRole, rows } = change;
  const held = await rows.held(tx);
  const dropped = held.filter((row) => row.role !== role);
  if (dropped.some((row) => row.role === ownerRole) && (await rows.countOwners(tx)) <= 1) {
    const noun = namespace.toLowerCase();
    throw new ValidationError([
      { path: ["input"], message: `a ${noun} needs at least one owner; add another owner first` },
    ]);
  }
  await rows.delete(
    tx,
    dropped.map((row) => row.id),
  );
  const changes: TupleChange[] = dropped.map((row) =>
    remove(namespace, object, relationOf[row.role], subject),
  );
  if (role && !held.some((row) => row.role === role)) {
    await rows.create(tx, role);
    changes.push(insert(namespace, object, relationOf[role], subject));
  }
  return changes;
}
