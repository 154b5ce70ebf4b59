import { startOryEmulator } from "@app/ory-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { type Database, openPglite } from "../db/client.ts";
import { createTestDatabase, type TestDatabase } from "../db/test-database.ts";
import { createLogger } from "../log.ts";
import { type RunningServer, startServer } from "../server.ts";

/**
 * GraphiQL as `npm start` serves it, from the client build that `npm ci` makes: a machine
 * without internet access must get every byte of it from the API.
 */
let emulator: Awaited<ReturnType<typeof startOryEmulator>>;
let testDb: TestDatabase;
let db: Database;
const servers: RunningServer[] = [];

async function serverWith(graphiql: "true" | "false") {
  const config = loadConfig({
    PORT: "0",
    LOG_LEVEL: "silent",
    NODE_ENV: "test",
    GRAPHIQL: graphiql,
  });
  const server = await startServer({ config, log: createLogger("silent"), db, ory: emulator.urls });
  servers.push(server);
  return server;
}

beforeAll(async () => {
  emulator = await startOryEmulator({ ephemeralPorts: true });
  testDb = await createTestDatabase("pglite");
  db = openPglite(testDb.pglite as NonNullable<TestDatabase["pglite"]>);
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await emulator?.close();
  await testDb?.drop();
});

const asBrowser = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };

/** The URLs a page or file loads: HTML attributes, module imports, CSS url()s. */
function referencesIn(text: string, type: string): string[] {
  const patterns = type.startsWith("text/html")
    ? [/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g]
    : type.startsWith("text/css")
      ? [/url\(\s*["']?([^"')]+)["']?\s*\)/g]
      : // Vite's chunks import each other by relative path, statically and with import(`…`).
        [/(?:from|import)\s*\(?\s*["'`](\.{1,2}\/[^"'`]+)["'`]/g];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]));
}

describe("GraphiQL at /graphql", () => {
  it("is served whole from the API's own origin", async () => {
    const server = await serverWith("true");
    const page = await fetch(`${server.url}/graphql`, { headers: asBrowser });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/https?:/);
    const html = await page.text();
    expect(html).toContain('id="graphiql-root"');

    // Follow every reference from the page, and from what it loads, to its end.
    const origin = new URL(server.url).origin;
    const pending = referencesIn(html, "text/html").map((ref) => new URL(ref, page.url));
    const loaded = new Map<string, number>();
    while (pending.length > 0) {
      const url = pending.pop() as URL;
      // The favicon is the empty data: URL, and GraphiQL's fonts and icons are inlined by the build.
      if (url.protocol === "data:" || loaded.has(url.href)) continue;
      expect(url.origin, `${url.href} is on another host`).toBe(origin);
      const response = await fetch(url);
      loaded.set(url.href, response.status);
      const type = response.headers.get("content-type") ?? "";
      const text = await response.text();
      expect(text).not.toMatch(/unpkg\.com|jsdelivr|cdnjs|esm\.sh|fonts\.googleapis/);
      pending.push(...referencesIn(text, type).map((ref) => new URL(ref, url)));
    }
    const paths = [...loaded.keys()].map((href) => new URL(href).pathname);
    expect(paths.some((path) => /^\/assets\/graphiql-.*\.js$/.test(path))).toBe(true);
    expect(paths.some((path) => /^\/assets\/graphiql-.*\.css$/.test(path))).toBe(true);
    // The editor's lazily loaded parts (CodeMirror and its modes) are among them.
    expect(paths.some((path) => /^\/assets\/codemirror-.*\.js$/.test(path))).toBe(true);
    expect([...loaded].filter(([, status]) => status !== 200)).toEqual([]);
  });

  it("leaves GraphQL over GET to Yoga for requests that do not ask for HTML", async () => {
    const server = await serverWith("true");
    const response = await fetch(
      `${server.url}/graphql?query=${encodeURIComponent("{ __typename }")}`,
      {
        headers: { accept: "application/json" },
      },
    );
    expect(await response.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("is not served when GRAPHIQL is off, not even under its build name", async () => {
    const server = await serverWith("false");
    const page = await fetch(`${server.url}/graphql`, { headers: asBrowser });
    expect(page.headers.get("content-type")).not.toMatch(/^text\/html/);
    expect(await page.text()).not.toContain("graphiql");
    const buildFile = await fetch(`${server.url}/graphiql.html`, { headers: asBrowser });
    expect(buildFile.status).toBe(404);
  });
});
