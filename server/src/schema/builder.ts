import SchemaBuilder from "@pothos/core";
import DataloaderPlugin from "@pothos/plugin-dataloader";
import ErrorsPlugin from "@pothos/plugin-errors";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import type { Context } from "../context.ts";
import { unauthenticated } from "../errors.ts";
import type PrismaTypes from "../generated/pothos-prisma-types.ts";
import { getDatamodel } from "../generated/pothos-prisma-types.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";

export interface AuthScopes {
  /** A Kratos session is present and active. */
  authenticated: boolean;
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
    authScopes: async (context) => ({
      authenticated: (await context.viewer()) !== null,
    }),
    unauthorizedError: (_parent, _context, _info, result) => {
      // Scope failures are "not signed in" unless a scope says otherwise.
      if (result.failure.kind === "AuthScope" && result.failure.scope === "authenticated") {
        return unauthenticated();
      }
      return result.message;
    },
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
