import type { Relation } from "../auth/vocabulary.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GroupRole, ProjectRole } from "../generated/prisma/enums.ts";
import { insert, type TupleChange, user } from "../outbox/tuples.ts";
import { assignRole } from "./roles.ts";
import { type Grantee, type Holder, mirrorAccount, subjectOf } from "./subjects.ts";

type Tx = Prisma.TransactionClient;

/** Each role is one relation of its namespace in the permission model. */
export const projectRelation: Record<ProjectRole, Relation<"Project">> = {
  OWNER: "owners",
  EDITOR: "editors",
  VIEWER: "viewers",
};
export const groupRelation: Record<GroupRole, Relation<"Group">> = {
  OWNER: "owners",
  MEMBER: "members",
};

/**
 * Gives the grantee exactly `role` on the project (null: no role). A person
 * without an account gets (or loses) an invitation instead, which grants
 * nothing until they sign up; the caller cannot tell the two apart.
 */
export async function setProjectRole(
  tx: Tx,
  change: { projectId: string; grantee: Grantee; role: ProjectRole | null; by: string },
): Promise<TupleChange[]> {
  const { projectId, grantee, role, by } = change;
  if (grantee.kind === "person" && !grantee.account) {
    const where = { projectId_email: { projectId, email: grantee.email } };
    if (role === null) await tx.projectInvitation.deleteMany({ where: where.projectId_email });
    else {
      await tx.projectInvitation.upsert({
        where,
        create: { projectId, email: grantee.email, role, invitedById: by },
        update: { role, invitedById: by },
      });
    }
    return [];
  }
  const holder = await holderOf(tx, grantee);
  const mine =
    holder.kind === "user"
      ? { projectId, userId: holder.userId, groupId: null }
      : { projectId, userId: null, groupId: holder.groupId };
  return assignRole(tx, {
    namespace: "Project",
    object: projectId,
    subject: subjectOf(holder),
    role,
    relationOf: projectRelation,
    ownerRole: "OWNER",
    rows: {
      held: (t) => t.projectGrant.findMany({ where: mine }),
      countOwners: (t) => t.projectGrant.count({ where: { projectId, role: "OWNER" } }),
      delete: (t, ids) => t.projectGrant.deleteMany({ where: { id: { in: ids } } }),
      create: (t, held) => t.projectGrant.create({ data: { ...mine, role: held } }),
    },
  });
}

/** Gives the member exactly `role` in the group (null: none); invitations as for projects. */
export async function setGroupRole(
  tx: Tx,
  change: { groupId: string; grantee: Grantee; role: GroupRole | null; by: string },
): Promise<TupleChange[]> {
  const { groupId, grantee, role, by } = change;
  if (grantee.kind === "person" && !grantee.account) {
    const where = { groupId_email: { groupId, email: grantee.email } };
    if (role === null) await tx.groupInvitation.deleteMany({ where: where.groupId_email });
    else {
      await tx.groupInvitation.upsert({
        where,
        create: { groupId, email: grantee.email, role, invitedById: by },
        update: { role, invitedById: by },
      });
    }
    return [];
  }
  const holder = await holderOf(tx, grantee);
  const mine =
    holder.kind === "user"
      ? { groupId, userId: holder.userId, memberGroupId: null }
      : { groupId, userId: null, memberGroupId: holder.groupId };
  return assignRole(tx, {
    namespace: "Group",
    object: groupId,
    subject: subjectOf(holder),
    role,
    relationOf: groupRelation,
    ownerRole: "OWNER",
    rows: {
      held: (t) => t.groupMembership.findMany({ where: mine }),
      countOwners: (t) => t.groupMembership.count({ where: { groupId, role: "OWNER" } }),
      delete: (t, ids) => t.groupMembership.deleteMany({ where: { id: { in: ids } } }),
      create: (t, held) => t.groupMembership.create({ data: { ...mine, role: held } }),
    },
  });
}

/** An account holder gets a user row first, so the grant can join on it. */
async function holderOf(tx: Tx, grantee: Grantee): Promise<Holder> {
  if (grantee.kind === "group") return grantee;
  const account = grantee.account as NonNullable<typeof grantee.account>;
  await mirrorAccount(tx, account);
  return { kind: "user", userId: account.id };
}

/**
 * Turns the invitations waiting for this person's email into grants and
 * memberships, with their tuples, in the caller's transaction. Call it only
 * for an email Kratos has verified: whoever proves the address gets what was
 * shared with it. A role the
 * person already holds on the same object is newer than the invitation and
 * wins. Returns the tuple changes for the outbox.
 */
export async function claimInvitations(
  tx: Tx,
  person: { id: string; email: string },
): Promise<TupleChange[]> {
  const email = person.email.toLowerCase();
  const changes: TupleChange[] = [];
  const projectInvitations = await tx.projectInvitation.findMany({ where: { email } });
  for (const invitation of projectInvitations) {
    const { projectId, role } = invitation;
    const held = await tx.projectGrant.count({ where: { projectId, userId: person.id } });
    if (held === 0) {
      await tx.projectGrant.create({ data: { projectId, userId: person.id, role } });
      changes.push(insert("Project", projectId, projectRelation[role], user(person.id)));
    }
  }
  const groupInvitations = await tx.groupInvitation.findMany({ where: { email } });
  for (const invitation of groupInvitations) {
    const { groupId, role } = invitation;
    const held = await tx.groupMembership.count({ where: { groupId, userId: person.id } });
    if (held === 0) {
      await tx.groupMembership.create({ data: { groupId, userId: person.id, role } });
      changes.push(insert("Group", groupId, groupRelation[role], user(person.id)));
    }
  }
  await tx.projectInvitation.deleteMany({ where: { email } });
  await tx.groupInvitation.deleteMany({ where: { email } });
  return changes;
}
