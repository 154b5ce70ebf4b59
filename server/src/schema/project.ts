import { encodeGlobalID } from "@pothos/plugin-relay";
import { permission } from "../auth/vocabulary.ts";
import type { Context } from "../context.ts";
import { idempotencyKey } from "../domain/idempotency.ts";
import { type PermissionChanges, runMutation } from "../domain/mutations.ts";
import { setProjectRole } from "../domain/sharing.ts";
import { resolveGrantee } from "../domain/subjects.ts";
import { ProjectRole } from "../generated/prisma/enums.ts";
import { insert, removeObject, user } from "../outbox/tuples.ts";
import { builder } from "./builder.ts";
import { mutationOptions } from "./errors.ts";
import { idOf, inputIdOf, loadVisible, requirePermit, signedIn } from "./lookup.ts";
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

const ProjectRoleRef = builder.enumType(ProjectRole, { name: "ProjectRole" });
const ProjectPermissions = permitsType("ProjectPermissions", "Project");

export const ProjectRef = builder.prismaNode("Project", {
  id: { field: "id" },
  // A visible id whose row is gone (deleted meanwhile, or never mirrored) reads as null.
  nullable: true,
  authScopes: (project) => ({ permission: viewPermission("Project", project.id) }),
  fields: (t) => ({
    name: t.exposeString("name"),
    description: t.exposeString("description"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    viewerCan: t.field({ type: ProjectPermissions, resolve: (project) => project }),
    collaborators: t.prismaField({
      type: ["ProjectGrant"],
      description:
        "Who holds which role. Null unless the viewer may manage the project. Groups the viewer may not see are left out.",
      nullable: true,
      authScopes: (project) => ({
        permission: permission("Project", project.id, "manage"),
      }),
      unauthorizedResolver: () => null,
      resolve: async (query, project, _args, context) =>
        withoutHiddenGroups(
          context,
          await together(context, () =>
            context.prisma.projectGrant.findMany({
              ...query,
              where: { projectId: project.id },
              orderBy: [{ role: "desc" }, { createdAt: "asc" }],
            }),
          ),
          (grant) => grant.groupId,
        ),
    }),
  }),
});

builder.prismaObject("ProjectGrant", {
  name: "Collaborator",
  description: "A role on a project, held by a person or by a group's members.",
  authScopes: (grant) => ({
    permission: permission("Project", grant.projectId, "manage"),
  }),
  fields: (t) => ({
    role: t.expose("role", { type: ProjectRoleRef }),
    user: t.relation("user", { nullable: true }),
    group: t.relation("group", { nullable: true }),
  }),
});

builder.queryFields((t) => ({
  projects: t.connection({
    type: ProjectRef,
    description: "Projects the viewer may view, newest first.",
    authScopes: { authenticated: true },
    resolve: (_root, args, context, info) =>
      viewableNewestFirst(context, info, args, {
        namespace: "Project",
        find: (query) => context.prisma.project.findMany(query),
        granted: async () => (await context.grantMirror()).projects(),
      }),
  }),
  project: t.prismaField({
    type: "Project",
    nullable: true,
    description: "A project by id; null when it does not exist or the viewer may not view it.",
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, context) => {
      const id = idOf(String(args.id), "Project");
      if (!id || !(await context.can(viewPermission("Project", id)))) return null;
      return context.prisma.project.findUnique({ ...query, where: { id } });
    },
  }),
}));

const ProjectPayload = builder.objectRef<{
  project: { id: string };
  permissionChanges: PermissionChanges;
}>("ProjectPayload");
// Payloads hold a project the mutation just returned; Project's own rule still applies.
ProjectPayload.implement({
  fields: (t) => ({
    permissionChanges: t.expose("permissionChanges", permissionChangesField),
    project: t.prismaField({
      type: "Project",
      nullable: true,
      description: "Null if it was deleted between the change and this read.",
      resolve: (query, payload, _args, context) =>
        context.prisma.project.findUnique({ ...query, where: { id: payload.project.id } }),
    }),
  }),
});

const DeleteProjectPayload = builder.objectRef<{
  id: string;
  permissionChanges: PermissionChanges;
}>("DeleteProjectPayload");
DeleteProjectPayload.implement({
  fields: (t) => ({
    permissionChanges: t.expose("permissionChanges", permissionChangesField),
    deletedProjectId: t.id({
      resolve: (payload) => encodeGlobalID("Project", payload.id),
    }),
  }),
});

const CreateProjectInput = builder.inputType("CreateProjectInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    idempotencyKey: t.string({ description: idempotencyKeyDescription }),
  }),
});

const UpdateProjectInput = builder.inputType("UpdateProjectInput", {
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string(),
    description: t.string(),
  }),
});

const DeleteProjectInput = builder.inputType("DeleteProjectInput", {
  fields: (t) => ({ id: t.id({ required: true }) }),
});

const ShareProjectInput = builder.inputType("ShareProjectInput", {
  description: "Share with a person (email) or with a group's members (groupId): exactly one.",
  fields: (t) => ({
    projectId: t.id({ required: true }),
    email: t.string(),
    groupId: t.id(),
    role: t.field({ type: ProjectRoleRef, required: true }),
  }),
});

const UnshareProjectInput = builder.inputType("UnshareProjectInput", {
  description: "Remove every role a person (email) or a group (groupId) holds on the project.",
  fields: (t) => ({
    projectId: t.id({ required: true }),
    email: t.string(),
    groupId: t.id(),
  }),
});

function validProject(input: { name?: string | null; description?: string | null }) {
  const name = input.name == null ? undefined : text(["input", "name"], input.name, { max: 120 });
  const description =
    input.description == null
      ? undefined
      : text(["input", "description"], input.description, { required: false, max: 2_000 });
  assertValid(name ?? {}, description ?? {});
  return { name: name?.value, description: description?.value };
}

const findProject = (context: Context) => (id: string) =>
  context.prisma.project.findUnique({ where: { id } });

builder.mutationFields((t) => ({
  createProject: t.field({
    ...mutationOptions,
    type: ProjectPayload,
    args: { input: t.arg({ type: CreateProjectInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const viewer = await signedIn(context);
      const { name, description } = validProject(input);
      const key = idempotencyKey(input.idempotencyKey);
      const { result, permissionChanges } = await runMutation(context, {
        check: async () => undefined,
        write: async (tx) => {
          const created = await tx.project.create({
            data: { name: name as string, description, createdById: viewer.id },
          });
          await tx.projectGrant.create({
            data: { projectId: created.id, userId: viewer.id, role: "OWNER" },
          });
          return {
            result: created,
            changes: [insert("Project", created.id, "owners", user(viewer.id))],
          };
        },
        idempotency: key
          ? {
              key,
              operation: "createProject",
              input: { name, description },
              idOf: (project) => project.id,
              load: findProject(context),
              noun: "Project",
            }
          : undefined,
      });
      return { project: result, permissionChanges };
    },
  }),

  updateProject: t.field({
    ...mutationOptions,
    type: ProjectPayload,
    args: { input: t.arg({ type: UpdateProjectInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const id = inputIdOf(String(input.id), "Project", ["input", "id"]);
      const { result, permissionChanges } = await runMutation(context, {
        check: async () => {
          await loadVisible(context, "Project", id, findProject(context));
          await requirePermit(context, "Project", id, "edit");
          return validProject(input);
        },
        write: async (tx, changes) => ({
          result: await tx.project.update({ where: { id }, data: changes }),
          changes: [],
        }),
      });
      return { project: result, permissionChanges };
    },
  }),

  deleteProject: t.field({
    ...mutationOptions,
    type: DeleteProjectPayload,
    args: { input: t.arg({ type: DeleteProjectInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const id = inputIdOf(String(input.id), "Project", ["input", "id"]);
      const { permissionChanges } = await runMutation(context, {
        check: async () => {
          await loadVisible(context, "Project", id, findProject(context));
          await requirePermit(context, "Project", id, "manage");
        },
        write: async (tx) => {
          const documents = await tx.document.findMany({
            where: { projectId: id },
            select: { id: true },
          });
          // Documents and grants go with the project (ON DELETE CASCADE); so do all their tuples.
          await tx.project.delete({ where: { id } });
          return {
            result: undefined,
            changes: [
              removeObject("Project", id),
              ...documents.map((document) => removeObject("Document", document.id)),
            ],
          };
        },
      });
      return { id, permissionChanges };
    },
  }),

  shareProject: t.field({
    ...mutationOptions,
    type: ProjectPayload,
    description:
      "Gives a person (by email) or a group's members one role on the project. An email no " +
      "account uses yet becomes an invitation that applies when that person signs up; the " +
      "answer is the same either way.",
    args: { input: t.arg({ type: ShareProjectInput, required: true }) },
    resolve: (_root, { input }, context) =>
      shareOrUnshare(
        context,
        input.projectId,
        { email: input.email, group: input.groupId },
        input.role,
      ),
  }),

  unshareProject: t.field({
    ...mutationOptions,
    type: ProjectPayload,
    description: "Removes every role (or pending invitation) of a person or group on the project.",
    args: { input: t.arg({ type: UnshareProjectInput, required: true }) },
    resolve: (_root, { input }, context) =>
      shareOrUnshare(context, input.projectId, { email: input.email, group: input.groupId }, null),
  }),
}));

/** Gives the grantee exactly `role` on the project (null: no role). */
async function shareOrUnshare(
  context: Context,
  projectGlobalId: string | number,
  grantee: { email?: string | null; group?: string | number | null },
  role: ProjectRole | null,
) {
  const viewer = await signedIn(context);
  const projectId = inputIdOf(String(projectGlobalId), "Project", ["input", "projectId"]);
  const address = granteeAddress(
    { email: grantee.email, group: grantee.group == null ? null : String(grantee.group) },
    "groupId",
  );
  const { result, permissionChanges } = await runMutation(context, {
    check: async () => {
      const project = await loadVisible(context, "Project", projectId, findProject(context));
      await requirePermit(context, "Project", projectId, "manage");
      return { project, grantee: await resolveGrantee(context, address) };
    },
    write: async (tx, { project, grantee: resolved }) => ({
      result: project,
      changes: await setProjectRole(tx, { projectId, grantee: resolved, role, by: viewer.id }),
    }),
  });
  return { project: result, permissionChanges };
}
