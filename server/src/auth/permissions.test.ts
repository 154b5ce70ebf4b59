import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startOryEmulator } from "@app/ory-emulator";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openPglite } from "../db/client.ts";
import { createTestDatabase } from "../db/test-database.ts";
import { ApiError } from "../errors.ts";
import { createLogger } from "../log.ts";
import { insertTuples } from "../testing/keto-admin.ts";
import { ketoPermissionChecker } from "./keto.ts";
import { pendingRevocations } from "./pending-revocations.ts";
import { createPermissionLoader, type Permission, userTuple } from "./permissions.ts";

type Emulator = Awaited<ReturnType<typeof startOryEmulator>>;
const log = createLogger("silent");
const userId = "6f0c7d4e-2b1a-4c55-9a57-2f1c3b7d9e01";
const projects: Permission[] = Array.from({ length: 50 }, (_, index) => ({
  namespace: "Project",
  object: `project-${index}`,
  relation: "view",
}));
const visible = new Set([3, 7, 11, 19, 23, 31, 47]);

let emulator: Emulator;
const loaderFor = (batchSize = 10) =>
  createPermissionLoader({
    checker: ketoPermissionChecker({
      ketoReadUrl: emulator.urls.ketoRead,
      batchSize,
      timeoutMs: 2_000,
      log,
    }),
    userId,
    log,
  });
const batchCalls = () => emulator.counters.get("keto", "POST /relation-tuples/batch/check");
const singleCalls = () =>
  emulator.counters.get("keto", "GET /relation-tuples/check/openapi") +
  emulator.counters.get("keto", "GET /relation-tuples/check") +
  emulator.counters.get("keto", "POST /relation-tuples/check/openapi") +
  emulator.counters.get("keto", "POST /relation-tuples/check");

beforeAll(async () => {
  emulator = await startOryEmulator({ ephemeralPorts: true, only: "keto" });
  await insertTuples(
    emulator.urls.ketoWrite,
    [...visible].map((index) => userTuple({ ...projects[index], relation: "viewers" }, userId)),
  );
});
afterAll(() => emulator?.close());
beforeEach(async () => {
  await emulator.faults.clear();
  emulator.counters.reset();
});

describe("the per-request permission loader", () => {
  it("checks 50 objects in ceil(50/10) batch calls and no single checks", async () => {
    const loader = loaderFor();
    const answers = await Promise.all(projects.map((p) => loader.load(p)));
    expect(answers.flatMap((allowed, index) => (allowed ? [index] : []))).toEqual(
      [...visible].sort((a, b) => a - b),
    );
    expect(batchCalls()).toBe(5);
    expect(singleCalls()).toBe(0);
  });

  it("honours the configured chunk size", async () => {
    const loader = loaderFor(5);
    await Promise.all(projects.map((p) => loader.load(p)));
    expect(batchCalls()).toBe(10);
  });

  it("sends identical checks once and answers them from cache afterwards", async () => {
    const loader = loaderFor();
    const same = { namespace: "Project", object: "project-3", relation: "view" };
    const answers = await Promise.all([
      loader.load(same),
      loader.load({ ...same }),
      loader.load(same),
    ]);
    expect(answers).toEqual([true, true, true]);
    expect(await loader.load({ ...same })).toBe(true);
    expect(batchCalls()).toBe(1);
  });

  it("fails closed: Keto errors become AUTHZ_UNAVAILABLE for every check", async () => {
    await emulator.faults.set("keto", { status: 500 });
    const results = await loaderFor().loadMany(projects.slice(0, 12));
    expect(results).toHaveLength(12);
    for (const result of results) {
      expect(result).toBeInstanceOf(ApiError);
      expect((result as ApiError).extensions.code).toBe("AUTHZ_UNAVAILABLE");
    }
  });

  it("a per-item error denies only that item", async () => {
    const loader = loaderFor();
    const [known, unknown] = await loader.loadMany([
      projects[3],
      { namespace: "NoSuchNamespace", object: "x", relation: "view" },
    ]);
    expect(known).toBe(true);
    expect((unknown as ApiError).extensions.code).toBe("AUTHZ_UNAVAILABLE");
  });
});

describe("a Keto without batch check", () => {
  it("falls back to parallel single checks", async () => {
    const seen: string[] = [];
    const olderKeto = createServer((req, res) => {
      seen.push(`${req.method} ${req.url?.split("?")[0]}`);
      if (req.url?.startsWith("/relation-tuples/batch/check")) {
        res.writeHead(404, { "content-type": "application/json" }).end("{}");
        return;
      }
      const allowed = new URL(req.url ?? "", "http://x").searchParams.get("object") === "project-3";
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ allowed }));
    });
    await new Promise<void>((resolve) => olderKeto.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = olderKeto.address() as AddressInfo;
      const checker = ketoPermissionChecker({
        ketoReadUrl: `http://127.0.0.1:${port}`,
        batchSize: 10,
        timeoutMs: 2_000,
        log,
      });
      const loader = createPermissionLoader({ checker, userId, log });
      const answers = await Promise.all(projects.slice(0, 4).map((p) => loader.load(p)));
      expect(answers).toEqual([false, false, false, true]);
      expect(seen.filter((call) => call.includes("batch"))).toHaveLength(1);
      expect(seen.filter((call) => call === "GET /relation-tuples/check/openapi")).toHaveLength(4);
    } finally {
      olderKeto.close();
    }
  });
});

describe("pending revokes", () => {
  it("fail closed when the outbox cannot be read: allowed answers become AUTHZ_UNAVAILABLE", async () => {
    const testDb = await createTestDatabase("pglite");
    const db = openPglite(testDb.pglite as PGlite);
    // A database that is gone: the outbox query fails, as it would in an outage.
    await db.close();
    await testDb.drop();
    const loader = createPermissionLoader({
      checker: ketoPermissionChecker({
        ketoReadUrl: emulator.urls.ketoRead,
        batchSize: 10,
        timeoutMs: 2_000,
        log,
      }),
      userId,
      log,
      revocations: pendingRevocations(db.prisma),
    });
    const [allowed, denied] = await Promise.allSettled([
      loader.load(projects[3]),
      loader.load(projects[4]),
    ]);
    expect(allowed).toMatchObject({
      status: "rejected",
      reason: { extensions: { code: "AUTHZ_UNAVAILABLE" } },
    });
    expect(denied).toEqual({ status: "fulfilled", value: false });
  });
});
