import { encodeGlobalID } from "@pothos/plugin-relay";
import type { Context } from "../context.ts";
import { idempotencyKey } from "../domain/idempotency.ts";
import { type PermissionChanges, runMutation } from "../domain/mutations.ts";
import { insert, projectRef, removeObject, user } from "../outbox/tuples.ts";
import { builder } from "./builder.ts";
import { mutationOptions } from "./errors.ts";
import { inputIdOf, loadVisible, requirePermit, signedIn } from "./lookup.ts";
import { idempotencyKeyDescription, permissionChangesField } from "./mutation-results.ts";
import { permitsType } from "./permits.ts";
import { assertValid, text } from "./validation.ts";
import { viewableNewestFirst } from "./viewable-list.ts";
import { viewPermission } from "./visibility.ts";

const DocumentPermissions = permitsType("DocumentPermissions", "Document");

export const DocumentRef = builder.prismaNode("Document", {
  id: { field: "id" },
  // A visible id whose row is gone (deleted meanwhile, or never mirrored) reads as null.
  nullable: true,
  authScopes: (document) => ({ permission: viewPermission("Document", document.id) }),
  fields: (t) => ({
    title: t.exposeString("title"),
    body: t.exposeString("body"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    viewerCan: t.field({ type: DocumentPermissions, resolve: (document) => document }),
    project: t.relation("project", {
      description: "Null when the viewer sees the document (as its owner) but not its project.",
      nullable: true,
      authScopes: (document) => ({ permission: viewPermission("Project", document.projectId) }),
      unauthorizedResolver: () => null,
    }),
  }),
});

builder.prismaObjectField("Project", "documents", (t) =>
  t.connection({
    type: DocumentRef,
    description: "Documents of the project the viewer may view, newest first.",
    resolve: (project, args, context, info) =>
      viewableNewestFirst(context, info, args, {
        namespace: "Document",
        find: (query) =>
          context.prisma.document.findMany({
            ...query,
            where: { projectId: project.id, ...query.where },
          }),
        within: project.id,
      }),
  }),
);

const DocumentPayload = builder
  .objectRef<{ document: { id: string }; permissionChanges: PermissionChanges }>("DocumentPayload")
  .implement({
    fields: (t) => ({
      permissionChanges: t.expose("permissionChanges", permissionChangesField),
      document: t.prismaField({
        type: "Document",
        nullable: true,
        description: "Null if it was deleted between the change and this read.",
        resolve: (query, payload, _args, context) =>
          context.prisma.document.findUnique({
            ...query,
            where: { id: payload.document.id },
          }),
      }),
    }),
  });

const DeleteDocumentPayload = builder.objectRef<{
  id: string;
  permissionChanges: PermissionChanges;
}>("DeleteDocumentPayload");
DeleteDocumentPayload.implement({
  fields: (t) => ({
    permissionChanges: t.expose("permissionChanges", permissionChangesField),
    deletedDocumentId: t.id({ resolve: (payload) => encodeGlobalID("Document", payload.id) }),
  }),
});

const CreateDocumentInput = builder.inputType("CreateDocumentInput", {
  fields: (t) => ({
    projectId: t.id({ required: true }),
    title: t.string({ required: true }),
    body: t.string(),
    idempotencyKey: t.string({ description: idempotencyKeyDescription }),
  }),
});

const UpdateDocumentInput = builder.inputType("UpdateDocumentInput", {
  fields: (t) => ({
    id: t.id({ required: true }),
    title: t.string(),
    body: t.string(),
  }),
});

const DeleteDocumentInput = builder.inputType("DeleteDocumentInput", {
  fields: (t) => ({ id: t.id({ required: true }) }),
});

function validDocument(input: { title?: string | null; body?: string | null }) {
  const title =
    input.title == null ? undefined : text(["input", "title"], input.title, { max: 200 });
  const body =
    input.body == null
      ? undefined
      : text(["input", "body"], input.body, { required: false, max: 100_000 });
  assertValid(title ?? {}, body ?? {});
  return { title: title?.value, body: body?.value };
}

const findDocument = (context: Context) => (id: string) =>
  context.prisma.document.findUnique({ where: { id } });

builder.mutationFields((t) => ({
  createDocument: t.field({
    ...mutationOptions,
    type: DocumentPayload,
    args: { input: t.arg({ type: CreateDocumentInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const viewer = await signedIn(context);
      const projectId = inputIdOf(String(input.projectId), "Project", ["input", "projectId"]);
      const { title, body } = validDocument(input);
      const key = idempotencyKey(input.idempotencyKey);
      const { result, permissionChanges } = await runMutation(context, {
        check: async () => {
          await loadVisible(context, "Project", projectId, (id) =>
            context.prisma.project.findUnique({ where: { id } }),
          );
          await requirePermit(context, "Project", projectId, "edit");
        },
        write: async (tx) => {
          const created = await tx.document.create({
            data: { projectId, title: title as string, body, createdById: viewer.id },
          });
          return {
            result: created,
            changes: [
              insert("Document", created.id, "parents", projectRef(projectId)),
              insert("Document", created.id, "owners", user(viewer.id)),
            ],
          };
        },
        idempotency: key
          ? {
              key,
              operation: "createDocument",
              input: { projectId, title, body },
              idOf: (document) => document.id,
              load: findDocument(context),
              noun: "Document",
            }
          : undefined,
      });
      return { document: result, permissionChanges };
    },
  }),

  updateDocument: t.field({
    ...mutationOptions,
    type: DocumentPayload,
    args: { input: t.arg({ type: UpdateDocumentInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const id = inputIdOf(String(input.id), "Document", ["input", "id"]);
      const { result, permissionChanges } = await runMutation(context, {
        check: async () => {
          await loadVisible(context, "Document", id, findDocument(context));
          await requirePermit(context, "Document", id, "edit");
          return validDocument(input);
        },
        write: async (tx, changes) => ({
          result: await tx.document.update({ where: { id }, data: changes }),
          changes: [],
        }),
      });
      return { document: result, permissionChanges };
    },
  }),

  deleteDocument: t.field({
    ...mutationOptions,
    type: DeleteDocumentPayload,
    args: { input: t.arg({ type: DeleteDocumentInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const id = inputIdOf(String(input.id), "Document", ["input", "id"]);
      const { permissionChanges } = await runMutation(context, {
        check: async () => {
          await loadVisible(context, "Document", id, findDocument(context));
          await requirePermit(context, "Document", id, "delete");
        },
        write: async (tx) => {
          await tx.document.delete({ where: { id } });
          return { result: undefined, changes: [removeObject("Document", id)] };
        },
      });
      return { id, permissionChanges };
    },
  }),
}));
