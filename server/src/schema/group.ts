import type { Context } from "../context.ts";
import { groupContains } from "../domain/grant-mirror.ts";
import { idempotencyKey } from "../domain/idempotency.ts";
import { type PermissionChanges, runMutation } from "../domain/mutations.ts";
import { setGroupRole } from "../domain/sharing.ts";
import { type GranteeAddress, resolveGrantee } from "../domain/subjects.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { GroupRole } from "../generated/prisma/enums.ts";
import { insert, user } from "../outbox/tuples.ts";
import { builder } from "./builder.ts";
import { mutationOptions, ValidationError } from "./errors.ts";
import { inputIdOf, loadVisible, requirePermit, signedIn } from "./lookup.ts";
import {
  granteeAddress,
  idempotencyKeyDescription,
  permissionChangesField,
} from "./mutation-results.ts";
import { permitsType } from "./permits.ts";
import { together } from "./together.ts";
import { assertValid, text } from "./validation.ts";
import { viewableNewestFirst } from "./viewable-list.ts";
import { viewPermission, withoutHiddenGroups } from "./visibility.ts";

const GroupRoleRef = builder.enumType(GroupRole, { name: "GroupRole" });
const GroupPermissions = permitsType("GroupPermissions", "Group");

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
          await together(context, () =>
            context.prisma.groupMembership.findMany({
              ...query,
              where: { groupId: group.id },
              orderBy: [{ role: "desc" }, { createdAt: "asc" }],
            }),
          ),
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
    resolve: (_root, args, context, info) =>
      viewableNewestFirst(context, info, args, {
        namespace: "Group",
        find: (query) => context.prisma.group.findMany(query),
        granted: async () => (await context.grantMirror()).groups(),
      }),
  }),
);

const GroupPayload = builder.objectRef<{
  group: { id: string };
  permissionChanges: PermissionChanges;
}>("GroupPayload");
GroupPayload.implement({
  fields: (t) => ({
    permissionChanges: t.expose("permissionChanges", permissionChangesField),
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
  fields: (t) => ({
    name: t.string({ required: true }),
    idempotencyKey: t.string({ description: idempotencyKeyDescription }),
  }),
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

async function managedGroup(context: Context, id: string): Promise<void> {
  await loadVisible(context, "Group", id, findGroup(context));
  await requirePermit(context, "Group", id, "manage");
}

/** The person or nested group an input names; a group is never its own member. */
function memberAddress(
  input: { email?: string | null; memberGroupId?: string | number | null },
  groupId: string,
): GranteeAddress {
  const address = granteeAddress(
    {
      email: input.email,
      group: input.memberGroupId == null ? null : String(input.memberGroupId),
    },
    "memberGroupId",
  );
  if ("groupId" in address && address.groupId === groupId) {
    throw new ValidationError([
      { path: ["input", "memberGroupId"], message: "a group cannot be a member of itself" },
    ]);
  }
  return address;
}

/**
 * A group may not take in a group that contains it already: each would contain the other.
 * Nestings are checked one at a time (a transaction-scoped lock), so two opposite additions
 * sent together cannot both pass.
 */
async function refuseCycle(tx: Prisma.TransactionClient, groupId: string, memberGroupId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('group nesting'))`;
  if (await groupContains(tx, memberGroupId, groupId)) {
    throw new ValidationError([
      { path: ["input", "memberGroupId"], message: "that group already contains this one" },
    ]);
  }
}

/** Gives the member exactly `role` in the group (null: none), through the pipeline. */
async function setMember(
  context: Context,
  input: {
    groupId: string | number;
    email?: string | null;
    memberGroupId?: string | number | null;
  },
  role: GroupRole | null,
) {
  const viewer = await signedIn(context);
  const groupId = inputIdOf(String(input.groupId), "Group", ["input", "groupId"]);
  const address = memberAddress(input, groupId);
  if ("groupId" in address && role === "OWNER") {
    throw new ValidationError([
      { path: ["input", "role"], message: "only people can own a group" },
    ]);
  }
  const { permissionChanges } = await runMutation(context, {
    check: async () => {
      await managedGroup(context, groupId);
      return resolveGrantee(context, address);
    },
    write: async (tx, grantee) => {
      if (grantee.kind === "group" && role !== null)
        await refuseCycle(tx, groupId, grantee.groupId);
      return {
        result: undefined,
        changes: await setGroupRole(tx, { groupId, grantee, role, by: viewer.id }),
      };
    },
  });
  return { group: { id: groupId }, permissionChanges };
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
      const key = idempotencyKey(input.idempotencyKey);
      const { result, permissionChanges } = await runMutation(context, {
        check: async () => undefined,
        write: async (tx) => {
          const created = await tx.group.create({
            data: { name: name.value, createdById: viewer.id },
          });
          await tx.groupMembership.create({
            data: { groupId: created.id, userId: viewer.id, role: "OWNER" },
          });
          return {
            result: created,
            changes: [insert("Group", created.id, "owners", user(viewer.id))],
          };
        },
        idempotency: key
          ? {
              key,
              operation: "createGroup",
              input: { name: name.value },
              idOf: (group) => group.id,
              load: findGroup(context),
              noun: "Group",
            }
          : undefined,
      });
      return { group: result, permissionChanges };
    },
  }),

  addGroupMember: t.field({
    ...mutationOptions,
    type: GroupPayload,
    description:
      "Adds a person (by email) or a nested group. An email no account uses yet becomes an " +
      "invitation that applies when that person signs up; the answer is the same either way. " +
      "A group that contains this one already, directly or through nested groups, is refused.",
    args: { input: t.arg({ type: AddGroupMemberInput, required: true }) },
    resolve: (_root, { input }, context) => setMember(context, input, input.role ?? "MEMBER"),
  }),

  removeGroupMember: t.field({
    ...mutationOptions,
    type: GroupPayload,
    description: "Removes a person's or nested group's place (or pending invitation) in the group.",
    args: { input: t.arg({ type: RemoveGroupMemberInput, required: true }) },
    resolve: (_root, { input }, context) => setMember(context, input, null),
  }),
}));
