import SchemaBuilder from "@pothos/core";
import DataloaderPlugin from "@pothos/plugin-dataloader";
import ErrorsPlugin from "@pothos/plugin-errors";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin, { type AuthFailure, AuthScopeFailureType } from "@pothos/plugin-scope-auth";
import { DateTimeResolver } from "graphql-scalars";
import type { Permission } from "../auth/permissions.ts";
import type { Context } from "../context.ts";
import { ApiError, forbidden, unauthenticated } from "../errors.ts";
import type PrismaTypes from "../generated/pothos-prisma-types.ts";
import { getDatamodel } from "../generated/pothos-prisma-types.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { requestLimits } from "../limits.ts";
import { publicAccess } from "./rules.ts";
import { canSeeNode } from "./visibility.ts";

export interface AuthScopes {
  /** A Kratos session is present and active. */
  authenticated: boolean;
  /** Keto allows the viewer this relation on this object. */
  permission: Permission;
}

/** The permission scopes a refusal failed on, for X-Authz-Explain. */
function refusedPermissions(failure: AuthFailure): Permission[] {
  if ("failures" in failure) return failure.failures.flatMap(refusedPermissions);
  return failure.kind === AuthScopeFailureType.AuthScope && failure.scope === "permission"
    ? [failure.parameter as Permission]
    : [];
}

/**
 * The one schema builder. Scope-auth comes first so it wraps every other
 * plugin's resolvers; each domain file under schema/ registers its types here.
 */
export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: AuthScopes;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  Scalars: { DateTime: { Input: Date; Output: Date } };
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, PrismaPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    // Both scopes are loaders, so nothing is asked of Kratos or Keto until a rule needs it.
    authScopes: (context) => ({
      authenticated: async () => (await context.viewer()) !== null,
      permission: (permission) => context.answered(permission) ?? context.can(permission),
    }),
    // Identical permission objects share one cached answer per request.
    cacheKey: (value) => JSON.stringify(value),
    // Every scope awaits the viewer first, so by now it is known.
    unauthorizedError: (_parent, context, info, result) => {
      if (!context.knownViewer()) return unauthenticated();
      for (const permission of refusedPermissions(result.failure)) {
        context.explainRefusal(permission);
      }
      return forbidden(`${info.parentType.name}.${info.fieldName}`);
    },
  },
  prisma: {
    // The client is per process; resolvers always get it through the context too.
    client: (context) => context.prisma as PrismaClient,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    // node/nodes answer null for anything the viewer may not see, exactly as for ids that
    // do not exist; visibility is asked before the row is read.
    nodeQueryOptions: {
      ...publicAccess("each node is checked with canSeeNode"),
      nullable: true,
      resolve: async (_root, { id }, context, _info, resolveNode) =>
        (await canSeeNode(context, id.typename, id.id)) ? resolveNode(id) : null,
    },
    nodesQueryOptions: {
      ...publicAccess("each node is checked with canSeeNode"),
      nullable: { list: false, items: true },
      resolve: async (_root, args, context, _info, resolveNodes) => {
        const { ids } = args;
        if (ids.length > requestLimits.maxNodeIds) {
          throw new ApiError(
            "BAD_USER_INPUT",
            `nodes takes at most ${requestLimits.maxNodeIds} ids; ask in several requests.`,
          );
        }
        const visible = await Promise.all(ids.map((id) => canSeeNode(context, id.typename, id.id)));
        // plugin-relay's resolveNodes callback loads `args.ids`, ignoring its own argument,
        // so the hidden ids are taken out of args itself before it runs.
        args.ids = ids.filter((_, index) => visible[index]);
        const nodes = await resolveNodes(args.ids);
        let next = 0;
        return ids.map((_, index) => (visible[index] ? nodes[next++] : null));
      },
    },
  },
  errors: {
    directResult: true,
    // `createProject` answers `CreateProjectResult = CreateProjectPayload | ValidationError | ...`.
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName[0].toUpperCase()}${fieldName.slice(1)}Result`,
    },
  },
});

builder.addScalarType("DateTime", DateTimeResolver);

builder.queryType({});
builder.mutationType({});
