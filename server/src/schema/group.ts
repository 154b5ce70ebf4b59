import type { Context } from "../context.ts";
import type { PrismaClient } from "../db/client.ts";
import { GroupRole } from "../generated/prisma/enums.ts";
import { enqueueTupleChanges } from "../outbox/outbox.ts";
import { insert, user } from "../outbox/tuples.ts";
import { builder } from "./builder.ts";
import { mutationOptions, ValidationError } from "./errors.ts";
import { inputIdOf, loadVisible, requirePermit, signedIn } from "./lookup.ts";
import { permitsType } from "./permits.ts";
import { assignRole } from "./roles.ts";
import { type Grantee, resolveGrantee, subjectOf } from "./subjects.ts";
import { assertValid, text } from "./validation.ts";
import { viewableNewestFirst } from "./viewable-list.ts";
import { viewPermission, withoutHiddenGroups } from "./visibility.ts";

const roleRelation: Record<GroupRole, string> = { OWNER: "owners", MEMBER: "members" };

const GroupRoleRef = builder.enumType(GroupRole, { name: "GroupRole" });
const GroupPermissions = permitsType("GroupPermissions", "Group", ["view", "manage"] as const);

const GroupRef = builder.prismaNode("Group", {
  id: { field: "id" },
  // A visible id whose row is gone (deleted meanwhile, or never mirrored) reads as null.
  nullable: true,
  authScopes: (group) => ({ permission: viewPermission("Group", group.id) }),
  fields: (t) => ({
    name: t.exposeString("name"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    viewerCan: t.field({ type: GroupPermissions, resolve: (group) => group }),
    members: t.prismaField({
      type: ["GroupMembership"],
      description:
        "Direct members: people and nested groups (whose members belong too). Groups the viewer may not see are left out.",
      resolve: async (query, group, _args, context) =>
        withoutHiddenGroups(
          context,
          await context.prisma.groupMembership.findMany({
            ...query,
            where: { groupId: group.id },
            orderBy: [{ role: "desc" }, { createdAt: "asc" }],
          }),
          (membership) => membership.memberGroupId,
        ),
    }),
  }),
});

builder.prismaObject("GroupMembership", {
  name: "GroupMember",
  description: "A place in a group, held by a person or by another group's members.",
  authScopes: (membership) => ({ permission: viewPermission("Group", membership.groupId) }),
  fields: (t) => ({
    role: t.expose("role", { type: GroupRoleRef }),
    user: t.relation("user", { nullable: true }),
    group: t.relation("memberGroup", { nullable: true }),
  }),
});

builder.queryField("groups", (t) =>
  t.connection({
    type: GroupRef,
    description: "Groups the viewer may view, newest first.",
    authScopes: { authenticated: true },
    resolve: (_root, args, context) =>
      viewableNewestFirst(context, args, "Group", (query) => context.prisma.group.findMany(query)),
  }),
);

const GroupPayload = builder.objectRef<{ group: { id: string } }>("GroupPayload").implement({
  fields: (t) => ({
    group: t.prismaField({
      type: "Group",
      nullable: true,
      description: "Null if it was deleted between the change and this read.",
      resolve: (query, payload, _args, context) =>
        context.prisma.group.findUnique({ ...query, where: { id: payload.group.id } }),
    }),
  }),
});

const CreateGroupInput = builder.inputType("CreateGroupInput", {
  fields: (t) => ({ name: t.string({ required: true }) }),
});

const AddGroupMemberInput = builder.inputType("AddGroupMemberInput", {
  description: "Add a person (email) or a nested group (memberGroupId): exactly one.",
  fields: (t) => ({
    groupId: t.id({ required: true }),
    email: t.string(),
    memberGroupId: t.id(),
    role: t.field({
      type: GroupRoleRef,
      defaultValue: "MEMBER",
      description: "OWNER is for people only: owners manage the group.",
    }),
  }),
});

const RemoveGroupMemberInput = builder.inputType("RemoveGroupMemberInput", {
  fields: (t) => ({
    groupId: t.id({ required: true }),
    email: t.string(),
    memberGroupId: t.id(),
  }),
});

const findGroup = (context: Context) => (id: string) =>
  context.prisma.group.findUnique({ where: { id } });

async function managedGroup(context: Context, globalId: string): Promise<string> {
  const id = inputIdOf(globalId, "Group", ["input", "groupId"]);
  await loadVisible(context, "Group", id, findGroup(context));
  await requirePermit(context, "Group", id, "manage");
  return id;
}

async function memberOf(
  context: Context,
  input: { email?: string | null; memberGroupId?: string | null },
  groupId: string,
) {
  const grantee = await resolveGrantee(
    context,
    { email: input.email, group: input.memberGroupId },
    "memberGroupId",
  );
  if (grantee.kind === "group" && grantee.groupId === groupId) {
    throw new ValidationError([
      { path: ["input", "memberGroupId"], message: "a group cannot be a member of itself" },
    ]);
  }
  return grantee;
}

builder.mutationFields((t) => ({
  createGroup: t.field({
    ...mutationOptions,
    type: GroupPayload,
    args: { input: t.arg({ type: CreateGroupInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const viewer = await signedIn(context);
      const name = text(["input", "name"], input.name, { max: 120 });
      assertValid(name);
      const group = await context.prisma.$transaction(async (tx) => {
        const created = await tx.group.create({
          data: { name: name.value, createdById: viewer.id },
        });
        await tx.groupMembership.create({
          data: { groupId: created.id, userId: viewer.id, role: "OWNER" },
        });
        await enqueueTupleChanges(tx, [insert("Group", created.id, "owners", user(viewer.id))]);
        return created;
      });
      await context.deliverTupleChanges();
      return { group };
    },
  }),

  addGroupMember: t.field({
    ...mutationOptions,
    type: GroupPayload,
    args: { input: t.arg({ type: AddGroupMemberInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const groupId = await managedGroup(context, String(input.groupId));
      const grantee = await memberOf(context, input, groupId);
      const role = input.role ?? "MEMBER";
      if (grantee.kind === "group" && role === "OWNER") {
        throw new ValidationError([
          { path: ["input", "role"], message: "only people can own a group" },
        ]);
      }
      await setMembership(context.prisma, groupId, grantee, role);
      await context.deliverTupleChanges();
      return { group: { id: groupId } };
    },
  }),

  removeGroupMember: t.field({
    ...mutationOptions,
    type: GroupPayload,
    args: { input: t.arg({ type: RemoveGroupMemberInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const groupId = await managedGroup(context, String(input.groupId));
      const grantee = await memberOf(context, input, groupId);
      await setMembership(context.prisma, groupId, grantee, null);
      await context.deliverTupleChanges();
      return { group: { id: groupId } };
    },
  }),
}));

/** Gives the member exactly `role` in the group (null: none). */
function setMembership(
  prisma: PrismaClient,
  groupId: string,
  grantee: Grantee,
  role: GroupRole | null,
) {
  const mine =
    grantee.kind === "user"
      ? { groupId, userId: grantee.userId, memberGroupId: null }
      : { groupId, userId: null, memberGroupId: grantee.groupId };
  return assignRole(prisma, {
    namespace: "Group",
    object: groupId,
    subject: subjectOf(grantee),
    role,
    relationOf: roleRelation,
    ownerRole: "OWNER",
    rows: {
      held: (tx) => tx.groupMembership.findMany({ where: mine }),
      countOwners: (tx) => tx.groupMembership.count({ where: { groupId, role: "OWNER" } }),
      delete: (tx, ids) => tx.groupMembership.deleteMany({ where: { id: { in: ids } } }),
      create: (tx, held) => tx.groupMembership.create({ data: { ...mine, role: held } }),
    },
  });
}
