import type { Context } from "../context.ts";
import { groupMembers, type Subject, user } from "../outbox/tuples.ts";
import { NotFoundError, ValidationError } from "./errors.ts";
import { inputIdOf, loadVisible } from "./lookup.ts";
import { email as validEmail } from "./validation.ts";

/** Who a share or membership is for: a person by email, or the members of a group. */
export type Grantee = { kind: "user"; userId: string } | { kind: "group"; groupId: string };

export function subjectOf(grantee: Grantee): Subject {
  return grantee.kind === "user" ? user(grantee.userId) : groupMembers(grantee.groupId);
}

/** The row columns that name the grantee in ProjectGrant and GroupMembership. */
export function granteeColumns(grantee: Grantee) {
  return grantee.kind === "user"
    ? { userId: grantee.userId, groupId: null }
    : { userId: null, groupId: grantee.groupId };
}

/**
 * Resolves an email or a group id (exactly one) from a mutation input. People
 * are found in Kratos and mirrored as users; groups must be visible to the
 * viewer, so sharing never confirms that a hidden group exists.
 */
export async function resolveGrantee(
  context: Context,
  input: { email?: string | null; group?: string | null },
  groupField = "groupId",
): Promise<Grantee> {
  const hasEmail = Boolean(input.email?.trim());
  if (hasEmail === Boolean(input.group)) {
    throw new ValidationError([
      { path: ["input"], message: `give either an email or a ${groupField}, not both or neither` },
    ]);
  }
  if (input.group) {
    const groupId = inputIdOf(input.group, "Group", ["input", groupField]);
    await loadVisible(context, "Group", groupId, (id) =>
      context.prisma.group.findUnique({ where: { id } }),
    ).catch((error: unknown) => {
      if (!(error instanceof NotFoundError)) throw error;
      throw new ValidationError([{ path: ["input", groupField], message: "no such group" }]);
    });
    return { kind: "group", groupId };
  }
  const address = validEmail(["input", "email"], input.email ?? "");
  if (address.error) throw new ValidationError([address.error]);
  const person = await context.directory.findByEmail(address.value);
  if (!person) {
    throw new ValidationError([
      { path: ["input", "email"], message: `no account uses ${address.value}` },
    ]);
  }
  await context.prisma.user.upsert({
    where: { id: person.id },
    create: { id: person.id, email: person.email, name: person.name },
    update: {},
  });
  return { kind: "user", userId: person.id };
}
