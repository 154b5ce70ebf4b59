import SchemaBuilder from "@pothos/core";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import { describe, expect, it } from "vitest";
import { schema } from "./index.ts";
import { findUnprotected, listPublicAccess, publicAccess } from "./rules.ts";

describe("deny by default", () => {
  it("every root field and data type of the API declares its rule", () => {
    expect(findUnprotected(schema)).toEqual([]);
  });

  it("lists the deliberate public exceptions", () => {
    expect(listPublicAccess(schema)).toEqual([
      "Query.node: each node is checked with canSeeNode",
      "Query.nodes: each node is checked with canSeeNode",
      "Query.viewer: anonymous is an answer here (null), not an error",
      "type AppPermissions: the viewer's own permits on an object they can see",
      "type DocumentPermissions: the viewer's own permits on an object they can see",
      "type FieldError: describes the viewer's own failed mutation",
      "type ForbiddenError: describes the viewer's own failed mutation",
      "type GroupPermissions: the viewer's own permits on an object they can see",
      "type Hero: static welcome text, reachable only through Homepage",
      "type NotFoundError: describes the viewer's own failed mutation",
      "type ProjectPermissions: the viewer's own permits on an object they can see",
      "type ServiceCard: static welcome text, reachable only through Homepage",
      "type ValidationError: describes the viewer's own failed mutation",
      "type Viewer: the requester's own identity, from their own session",
    ]);
  });

  it("catches a type and a root field that forgot their rule", () => {
    // The Prisma plugin's global types make `prisma` required on every builder; this one has none.
    const bad = new SchemaBuilder<{ AuthScopes: { authenticated: boolean } }>({
      plugins: [ScopeAuthPlugin],
      scopeAuth: { authScopes: () => ({ authenticated: true }) },
    } as never);
    const Secret = bad.objectRef<{ value: string }>("Secret").implement({
      fields: (t) => ({ value: t.exposeString("value") }),
    });
    const Guarded = bad.objectRef<{ value: string }>("Guarded").implement({
      authScopes: { authenticated: true },
      fields: (t) => ({ value: t.exposeString("value") }),
    });
    bad.queryType({
      fields: (t) => ({
        secret: t.field({ type: Secret, resolve: () => ({ value: "s" }) }),
        guarded: t.field({
          type: Guarded,
          authScopes: { authenticated: true },
          resolve: () => ({ value: "g" }),
        }),
        open: t.string({ ...publicAccess("a greeting"), resolve: () => "hi" }),
      }),
    });
    expect(findUnprotected(bad.toSchema())).toEqual([
      "Query.secret has no rule",
      "type Secret has no rule",
    ]);
  });
});
