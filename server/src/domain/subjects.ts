import type { DirectoryEntry } from "../auth/directory.ts";
import { permission } from "../auth/vocabulary.ts";
import type { Context } from "../context.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { groupMembers, type Subject, user } from "../outbox/tuples.ts";
import { ValidationError } from "./failures.ts";

/** Whom a share or membership names, as the input gave it (ids already decoded). */
export type GranteeAddress = { email: string } | { groupId: string; field: string };

/**
 * Who a share or membership is for. A person is named by email and may have
 * no account yet (`account` null): sharing then records an invitation, and
 * the caller's answer is the same either way.
 */
export type Grantee =
  | { kind: "person"; email: string; account: DirectoryEntry | null }
  | { kind: "group"; groupId: string };

/** Who holds a role as Keto sees it: an account holder, or a group's members. */
export type Holder = { kind: "user"; userId: string } | { kind: "group"; groupId: string };

export function subjectOf(holder: Holder): Subject {
  return holder.kind === "user" ? user(holder.userId) : groupMembers(holder.groupId);
}

/**
 * Resolves the grantee before anything is written. Groups must be visible to
 * the viewer, so sharing never confirms that a hidden group exists; people
 * are looked up in Kratos, and whether one was found is never told to the
 * caller (see docs/decisions/0011-mutation-pipeline.md).
 */
export async function resolveGrantee(context: Context, address: GranteeAddress): Promise<Grantee> {
  if ("groupId" in address) {
    const { groupId, field } = address;
    const visible = await context.can(permission("Group", groupId, "view"));
    const exists = visible && (await context.prisma.group.count({ where: { id: groupId } })) > 0;
    if (!exists) throw new ValidationError([{ path: ["input", field], message: "no such group" }]);
    return { kind: "group", groupId };
  }
  const account = await context.directory.findByEmail(address.email);
  return { kind: "person", email: address.email, account };
}

/** Keeps a user row for a person a share names, so grants can join on it. */
export async function mirrorAccount(tx: Prisma.TransactionClient, account: DirectoryEntry) {
  await tx.user.upsert({
    where: { id: account.id },
    create: { id: account.id, email: account.email, name: account.name },
    update: {},
  });
}
