import SchemaBuilder from "@pothos/core";
import DataloaderPlugin from "@pothos/plugin-dataloader";
import ErrorsPlugin from "@pothos/plugin-errors";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import type { Permission } from "../auth/permissions.ts";
import type { Context } from "../context.ts";
import { forbidden, unauthenticated } from "../errors.ts";
import type PrismaTypes from "../generated/pothos-prisma-types.ts";
import { getDatamodel } from "../generated/pothos-prisma-types.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";

export interface AuthScopes {
  /** A Kratos session is present and active. */
  authenticated: boolean;
  /** Keto allows the viewer this relation on this object. */
  permission: Permission;
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
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, PrismaPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    // Both scopes are loaders, so nothing is asked of Kratos or Keto until a rule needs it.
    authScopes: (context) => ({
      authenticated: async () => (await context.viewer()) !== null,
      permission: (permission) => context.can(permission),
    }),
    // Identical permission objects share one cached answer per request.
    cacheKey: (value) => JSON.stringify(value),
    // Every scope awaits the viewer first, so by now it is known.
    unauthorizedError: (_parent, context) =>
      context.knownViewer ? forbidden() : unauthenticated(),
  },
  prisma: {
    // The client is per process; resolvers always get it through the context too.
    client: (context) => context.prisma as PrismaClient,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
  },
  relay: {},
});

builder.queryType({});
