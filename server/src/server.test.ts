import { startOryEmulator } from "@app/ory-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";
import { type Database, openPglite } from "./db/client.ts";
import { createTestDatabase, type TestDatabase } from "./db/test-database.ts";
import { createLogger } from "./log.ts";
import { type RunningServer, startServer } from "./server.ts";

/** The HTTP server as `npm start` runs it: real sockets, health, CSRF guard, shutdown. */
let emulator: Awaited<ReturnType<typeof startOryEmulator>>;
let testDb: TestDatabase;
let db: Database;
let server: RunningServer;

beforeAll(async () => {
  emulator = await startOryEmulator({ ephemeralPorts: true });
  testDb = await createTestDatabase("pglite");
  db = openPglite(testDb.pglite as NonNullable<TestDatabase["pglite"]>);
  const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent", NODE_ENV: "test" });
  server = await startServer({ config, log: createLogger("silent"), db, ory: emulator.urls });
});
afterAll(async () => {
  await emulator?.close();
  await testDb?.drop();
});

const post = (body: string, headers: Record<string, string>) =>
  fetch(`${server.url}/graphql`, { method: "POST", headers, body });

describe("the HTTP server", () => {
  it("answers GraphQL and both health checks", async () => {
    const response = await post(JSON.stringify({ query: "{ __typename }" }), {
      "content-type": "application/json",
    });
    expect(await response.json()).toEqual({ data: { __typename: "Query" } });
    expect((await fetch(`${server.url}/health/alive`)).status).toBe(200);
    const ready = await fetch(`${server.url}/health/ready`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ok" }]);
  });

  it("shows browsers GraphiQL outside production", async () => {
    const page = await fetch(`${server.url}/graphql`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>GraphiQL · Ory GraphQL API</title>");
  });

  it("refuses a cookie-carrying form post (CSRF) but not a JSON one", async () => {
    const form = await post("query=%7B__typename%7D", {
      "content-type": "application/x-www-form-urlencoded",
      cookie: "ory_kratos_session=anything",
    });
    expect(form.status).toBe(403);
    expect(await form.json()).toEqual({
      errors: [
        {
          message:
            "Requests that carry cookies must be sent as application/json (CSRF protection).",
          extensions: { code: "CSRF_REJECTED" },
        },
      ],
    });
    const json = await post(JSON.stringify({ query: "{ __typename }" }), {
      "content-type": "application/json",
      cookie: "ory_kratos_session=anything",
    });
    expect(json.status).toBe(200);
  });

  it("allows the configured browser origin with credentials, and no other", async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/graphql`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST" },
      });
    const allowed = await preflight("http://127.0.0.1:4000");
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:4000");
    expect(allowed.headers.get("access-control-allow-credentials")).toBe("true");
    const other = await preflight("http://evil.test");
    expect(other.headers.get("access-control-allow-origin")).not.toBe("http://evil.test");
  });

  it("on shutdown finishes the request in flight, then stops listening", async () => {
    await emulator.faults.set("kratos", { latencyMs: 300 });
    const inFlight = post(JSON.stringify({ query: "{ viewer { id } }" }), {
      "content-type": "application/json",
      "x-session-token": "slow-to-check",
    });
    // Let the request reach the server before shutdown starts.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = server.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    // Its keep-alive connection is not kept: the client reconnects to a live process.
    expect(response.headers.get("connection")).toBe("close");
    expect(await response.json()).toEqual({ data: { viewer: null } });
    await closed;
    await expect(fetch(`${server.url}/health/alive`)).rejects.toThrow();
    await emulator.faults.clear();
  });

  it("is not ready when the database is gone", async () => {
    await db.close();
    const config = loadConfig({ PORT: "0", LOG_LEVEL: "silent", NODE_ENV: "test" });
    const orphan = await startServer({
      config,
      log: createLogger("silent"),
      db,
      ory: emulator.urls,
    });
    try {
      const ready = await fetch(`${orphan.url}/health/ready`);
      expect([ready.status, await ready.json()]).toEqual([
        503,
        { errors: { database: "unreachable" } },
      ]);
    } finally {
      await orphan.close();
    }
  });
});
