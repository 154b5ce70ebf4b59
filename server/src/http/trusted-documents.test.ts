import persistedDocuments from "@app/client/persisted-documents.json" with { type: "json" };
import { createYoga } from "graphql-yoga";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../app.ts";
import { schema } from "../schema/index.ts";
import { startTestApi, type TestUser } from "../testing/api-harness.ts";
import { productionPlaceholders } from "../testing/production-env.ts";
import { useSchemaExplorationFor } from "./trusted-documents.ts";

const productionEnv = { NODE_ENV: "production", ...productionPlaceholders };

const viewerHash = Object.entries(persistedDocuments).find(([, text]) =>
  text.startsWith("query Viewer "),
)?.[0] as string;

const introspection = "{ __schema { queryType { name } } }";
const misspelt = "{ viewer { emial } }";

async function post(app: App, user: TestUser, body: object) {
  const response = await app.fetch("http://api.test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", "x-session-token": user.token },
    body: JSON.stringify(body),
  });
  return (await response.json()) as {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

const byHash = (hash: string) => ({
  extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
});

describe("in production", () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let plain: TestUser;
  let integrator: TestUser;

  beforeAll(async () => {
    api = await startTestApi({ env: productionEnv });
    plain = await api.signUp("Plain");
    integrator = await api.signUp("Integrator");
    await api.grant(
      { namespace: "App", object: "graphiql", relation: "integrators" },
      integrator.id,
    );
  }, 60_000);
  afterAll(() => api.close());

  it("runs the client's operations by their hash", async () => {
    const result = await post(api.app, plain, byHash(viewerHash));
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      __typename: "Query",
      viewer: { __typename: "Viewer", email: plain.email, id: plain.id, name: "Plain" },
    });
  });

  it("refuses a hash that is not in the manifest, integrators included", async () => {
    for (const user of [plain, integrator]) {
      const result = await post(api.app, user, byHash(`sha256:${"0".repeat(64)}`));
      expect(result.errors?.[0]).toMatchObject({
        message: "PersistedQueryNotFound",
        extensions: { code: "PERSISTED_QUERY_NOT_IN_LIST" },
      });
    }
  });

  it("refuses operation text from a viewer who is not an integrator", async () => {
    const result = await post(api.app, plain, { query: "{ viewer { id } }" });
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0].message).toBe("PersistedQueryOnly");
  });

  it("tells an integrator Ory could not say, rather than that only persisted operations run", async () => {
    for (const fault of [{ keto: { status: 500 } }, { kratos: { down: true } }] as const) {
      const [service, set] = Object.entries(fault)[0] as ["keto" | "kratos", object];
      await api.emulator.faults.set(service, set);
      try {
        const result = await post(api.app, integrator, { query: "{ viewer { id } }" });
        expect(result.errors?.[0].extensions?.code).toBe("AUTHZ_UNAVAILABLE");
      } finally {
        await api.emulator.faults.clear();
      }
    }
  });

  it("runs an integrator's own operations, introspection included", async () => {
    expect(await post(api.app, integrator, { query: "{ viewer { id } }" })).toEqual({
      data: { viewer: { id: integrator.id } },
    });
    expect(await post(api.app, integrator, { query: introspection })).toEqual({
      data: { __schema: { queryType: { name: "Query" } } },
    });
  });

  it("suggests field names to integrators", async () => {
    const forIntegrator = await post(api.app, integrator, { query: misspelt });
    expect(forIntegrator.errors?.[0].message).toContain('Did you mean "email"?');
  });
});

describe("in development and tests", () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let plain: TestUser;

  beforeAll(async () => {
    api = await startTestApi();
    plain = await api.signUp("Plain");
  }, 60_000);
  afterAll(() => api.close());

  it("runs hashes and any operation for any viewer, with introspection and suggestions", async () => {
    expect((await post(api.app, plain, byHash(viewerHash))).errors).toBeUndefined();
    expect(await post(api.app, plain, { query: introspection })).toEqual({
      data: { __schema: { queryType: { name: "Query" } } },
    });
    const result = await post(api.app, plain, { query: misspelt });
    expect(result.errors?.[0].message).toContain('Did you mean "email"?');
  });
});

/**
 * Production's trusted documents already keep other viewers' own text out; these plugins
 * are the second line, so they are checked on their own, behind a plain predicate.
 */
describe("schema exploration for non-integrators", () => {
  const yoga = createYoga({
    schema,
    context: { prisma: null, log: null },
    plugins: useSchemaExplorationFor(async (request) => request.headers.has("x-integrator")),
  });
  const ask = async (query: string, integrator: boolean) => {
    const response = await yoga.fetch("http://api.test/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(integrator ? { "x-integrator": "yes" } : {}),
      },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as { data?: unknown; errors?: { message: string }[] };
  };

  it("refuses introspection to others", async () => {
    expect((await ask(introspection, false)).errors?.[0].message).toContain("introspection");
    expect((await ask(introspection, true)).data).toEqual({
      __schema: { queryType: { name: "Query" } },
    });
  });

  it("hides field suggestions from others", async () => {
    const hidden = (await ask(misspelt, false)).errors?.[0].message;
    expect(hidden).toContain('Cannot query field "emial"');
    expect(hidden).not.toContain("email");
    expect((await ask(misspelt, true)).errors?.[0].message).toContain('Did you mean "email"?');
  });
});
