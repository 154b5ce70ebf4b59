import { encodeGlobalID } from "@pothos/plugin-relay";
import type { Context } from "../context.ts";
import {
  type AppName,
  type AppRole,
  administerPermission,
  appAccessChanges,
  appNames,
  apps,
  holdersOf,
  mirrorGrantee,
  type NamedHolder,
  namedHolders,
  relationOf,
  resolveAppGrantee,
} from "../domain/app-access.ts";
import { type PermissionChanges, runMutation } from "../domain/mutations.ts";
import { everyoneGroup } from "../outbox/tuples.ts";
import { builder } from "./builder.ts";
import { ForbiddenError, mutationOptions } from "./errors.ts";
import { signedIn } from "./lookup.ts";
import { granteeAddress, permissionChangesField } from "./mutation-results.ts";
import { permitsType } from "./permits.ts";
import { UserRef } from "./user.ts";

/** What the schema says about each App object. */
const described: Record<AppName, { title: string; description: string }> = {
  homepage: {
    title: "Welcome page",
    description: "Who may read the welcome page.",
  },
  graphiql: {
    title: "GraphiQL",
    description:
      "Integrators: in production only they may introspect the schema and send operations of their own.",
  },
};

const AppNameRef = builder.enumType("AppName", {
  description: "The App objects of the permission model whose access is administered.",
  values: {
    HOMEPAGE: {
      value: "homepage",
      description: "App:homepage, whose `read` permit opens the welcome page.",
    },
    GRAPHIQL: {
      value: "graphiql",
      description: "App:graphiql, whose `use` permit marks integrators.",
    },
  } as const,
});

const AppRoleRef = builder.enumType("AppRole", {
  values: {
    ACCESS: {
      description:
        "The app's own permit: `read` on HOMEPAGE (readers), `use` on GRAPHIQL (integrators).",
    },
    ADMIN: { description: "May grant and revoke both roles on the app (`administer`, admins)." },
  } as const,
});

const AppPermissions = permitsType("AppPermissions", "App");

type AppGrant = NamedHolder & { app: AppName };

const AppGrantGroupRef = builder
  .objectRef<{ app: AppName; id: string; name: string }>("AppGrantGroup")
  .implement({
    description:
      "A group whose members hold a role on an app. Its administrators see the group's id and name whether or not they may view the group, so they can revoke the grant.",
    authScopes: (group) => ({ permission: administerPermission(group.app) }),
    fields: (t) => ({
      id: t.id({ resolve: (group) => encodeGlobalID("Group", group.id) }),
      name: t.exposeString("name"),
    }),
  });

const AppGrantRef = builder.objectRef<AppGrant>("AppGrant").implement({
  description: "A role on an app, held directly by a person or by a group's members.",
  authScopes: (grant) => ({ permission: administerPermission(grant.app) }),
  fields: (t) => ({
    role: t.field({ type: AppRoleRef, resolve: (grant) => grant.role }),
    user: t.field({ type: UserRef, nullable: true, resolve: (grant) => grant.user }),
    group: t.field({
      type: AppGrantGroupRef,
      nullable: true,
      resolve: (grant) => (grant.group ? { app: grant.app, ...grant.group } : null),
    }),
  }),
});

const AppRef = builder.objectRef<{ id: AppName }>("App").implement({
  description: "A part of the app whose use Keto decides: an object of the `App` namespace.",
  authScopes: { authenticated: true },
  fields: (t) => ({
    name: t.field({ type: AppNameRef, resolve: (app) => app.id }),
    title: t.string({ resolve: (app) => described[app.id].title }),
    description: t.string({ resolve: (app) => described[app.id].description }),
    permit: t.string({
      description: 'The Keto permit ACCESS grants, e.g. "App:homepage#read".',
      resolve: (app) => `App:${app.id}#${apps[app.id].permit}`,
    }),
    viewerCan: t.field({ type: AppPermissions, resolve: (app) => app }),
    grants: t.field({
      type: [AppGrantRef],
      nullable: true,
      description:
        "Who holds each role directly (administrators first), including changes still on their way to Keto. Null unless the viewer may administer the app.",
      authScopes: (app) => ({ permission: administerPermission(app.id) }),
      unauthorizedResolver: () => null,
      resolve: async (app, _args, context) => {
        const named = await namedHolders(context, await holdersOf(context, app.id));
        return named.map((holder) => ({ ...holder, app: app.id })).sort(byRoleThenName);
      },
    }),
  }),
});

const labelOf = (grant: AppGrant) => grant.user?.email ?? grant.group?.name ?? "";
const byRoleThenName = (a: AppGrant, b: AppGrant) =>
  a.role === b.role ? labelOf(a).localeCompare(labelOf(b)) : a.role === "ADMIN" ? -1 : 1;

builder.queryField("apps", (t) =>
  t.field({
    type: [AppRef],
    description:
      "The App objects whose access is administered, each with the viewer's permits; `grants` lists holders for their administrators.",
    authScopes: { authenticated: true },
    resolve: () => appNames.map((id) => ({ id })),
  }),
);

const AppPayload = builder.objectRef<{
  app: { id: AppName };
  permissionChanges: PermissionChanges;
}>("AppPayload");
AppPayload.implement({
  fields: (t) => ({
    permissionChanges: t.expose("permissionChanges", permissionChangesField),
    app: t.field({ type: AppRef, resolve: (payload) => payload.app }),
  }),
});

const GrantAppAccessInput = builder.inputType("GrantAppAccessInput", {
  description:
    "Give a person (email of an account) or a group's members (groupId) one role on an app: exactly one of email and groupId.",
  fields: (t) => ({
    app: t.field({ type: AppNameRef, required: true }),
    role: t.field({ type: AppRoleRef, required: true }),
    email: t.string(),
    groupId: t.id(),
  }),
});

const RevokeAppAccessInput = builder.inputType("RevokeAppAccessInput", {
  description:
    "Take one role on an app from a person (email) or a group (groupId, as `AppGrant.group.id` gives it): exactly one.",
  fields: (t) => ({
    app: t.field({ type: AppNameRef, required: true }),
    role: t.field({ type: AppRoleRef, required: true }),
    email: t.string(),
    groupId: t.id(),
  }),
});

/** The id `AppGrant.group` gives Group:everyone, which has no row: accepted as a grantee too. */
const everyoneGlobalId = encodeGlobalID("Group", everyoneGroup);

/** Gives (or takes) the role through the mutation pipeline, after the administer check. */
async function setAppAccess(
  context: Context,
  input: {
    app: AppName;
    role: AppRole;
    email?: string | null;
    groupId?: string | number | null;
  },
  grant: boolean,
) {
  await signedIn(context);
  const { app, role } = input;
  const groupId = input.groupId == null ? null : String(input.groupId);
  const address =
    groupId === everyoneGlobalId && !input.email?.trim()
      ? { groupId: everyoneGroup, field: "groupId" }
      : granteeAddress({ email: input.email, group: groupId }, "groupId");
  const { permissionChanges } = await runMutation(context, {
    check: async () => {
      if (!(await context.can(administerPermission(app)))) {
        context.explainRefusal(administerPermission(app));
        throw new ForbiddenError(
          `You may not administer App:${app}: ask one of its administrators (App:${app}#${relationOf(app, "ADMIN")}).`,
        );
      }
      const grantee = await resolveAppGrantee(context, address, grant ? "grant" : "revoke");
      const changes = appAccessChanges(
        { app, role, grantee, grant },
        await holdersOf(context, app),
      );
      return { grantee, changes };
    },
    write: async (tx, { grantee, changes }) => {
      if (grant) await mirrorGrantee(tx, grantee);
      if (!grant && role === "ADMIN" && changes.length > 0) {
        // Two administrators revoking each other at once must not both pass the
        // last-administrator rule: one at a time per app, counted again in here.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`App:${app}#admins`}))`;
        appAccessChanges({ app, role, grantee, grant }, await holdersOf(context, app, tx));
      }
      return { result: undefined, changes };
    },
  });
  return { app: { id: app }, permissionChanges };
}

builder.mutationFields((t) => ({
  grantAppAccess: t.field({
    ...mutationOptions,
    type: AppPayload,
    description:
      "Gives a person or a group's members a role on an app; for the app's administrators. An email no account uses is a ValidationError (access is not an invitation). Granting what is held already changes nothing.",
    args: { input: t.arg({ type: GrantAppAccessInput, required: true }) },
    resolve: (_root, { input }, context) => setAppAccess(context, input, true),
  }),
  revokeAppAccess: t.field({
    ...mutationOptions,
    type: AppPayload,
    description:
      "Takes a role on an app from a person or a group; for the app's administrators. It denies at once, even before Keto confirms. The last administrator stays (ValidationError).",
    args: { input: t.arg({ type: RevokeAppAccessInput, required: true }) },
    resolve: (_root, { input }, context) => setAppAccess(context, input, false),
  }),
}));
