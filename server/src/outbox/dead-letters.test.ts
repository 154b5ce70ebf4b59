import { startOryEmulator } from "@app/ory-emulator";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type Database, openPostgres } from "../db/client.ts";
import { createTestDatabase, type TestDatabase } from "../db/test-database.ts";
import { refusedByKeto } from "../testing/refused-change.ts";
import { createOutboxDispatcher, enqueueTupleChanges, type OutboxOptions } from "./outbox.ts";
import { insert, remove, user } from "./tuples.ts";

/**
 * A row Keto refuses for good (v26.2.0 answers 404 for an unknown namespace) is
 * dead-lettered after maxAttempts refusals and stops blocking the queue; failures
 * that are about Keto's state, not the row, are retried for ever.
 */
let emulator: Awaited<ReturnType<typeof startOryEmulator>>;
let testDb: TestDatabase;
let db: Database;
let logged: { level: number; msg: string; [key: string]: unknown }[] = [];
const log = pino(
  { level: "warn" },
  { write: (line: string) => logged.push(JSON.parse(line)) },
) as unknown as OutboxOptions["log"];

const alice = "0b7e0c1e-4c5f-4d1e-9a57-2f1c3b7d9e01";

beforeAll(async () => {
  emulator = await startOryEmulator({ ephemeralPorts: true, only: "keto" });
  testDb = await createTestDatabase("pg");
  db = openPostgres(testDb.url as string);
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
  await emulator?.close();
});
beforeEach(async () => {
  await emulator.faults.clear();
  await db.prisma.tupleOutbox.deleteMany();
  logged = [];
});

const dispatcher = (options: Partial<OutboxOptions> = {}) =>
  createOutboxDispatcher({
    db,
    ketoWriteUrl: emulator.urls.ketoWrite,
    timeoutMs: 500,
    log,
    maxAttempts: 3,
    ...options,
  });

async function viewersInKeto(): Promise<string[]> {
  const url = new URL(
    "/relation-tuples?namespace=Project&relation=viewers",
    emulator.urls.ketoRead,
  );
  const { relation_tuples } = (await (await fetch(url)).json()) as {
    relation_tuples: { object: string }[];
  };
  return relation_tuples.map((tuple) => tuple.object).sort();
}

describe("dead letters", () => {
  it("a row Keto refuses for good is dead-lettered after N refusals; the rows behind it land", async () => {
    await enqueueTupleChanges(db.prisma, [
      insert("Project", "p1", "viewers", user(alice)),
      refusedByKeto("x", user(alice)),
      insert("Project", "p2", "viewers", user(alice)),
    ]);
    const outbox = dispatcher();

    // Keto takes a PATCH all or nothing: the rows go one by one to find the refused one.
    const first = await outbox.deliver();
    expect(first).toMatchObject({ delivered: 1, deadLettered: 0, pending: 2 });
    expect(first.error).toContain("HTTP 404");
    expect(await viewersInKeto()).toEqual(["p1"]);
    expect(await outbox.deliver()).toMatchObject({ delivered: 0, deadLettered: 0, pending: 2 });

    expect(await outbox.deliver()).toMatchObject({ delivered: 1, deadLettered: 1, pending: 0 });
    expect(await viewersInKeto()).toEqual(["p1", "p2"]);
    expect(await outbox.deadLettered()).toBe(1);
    const dead = await db.prisma.tupleOutbox.findFirstOrThrow({ where: { namespace: "Nope" } });
    expect(dead).toMatchObject({ attempts: 3, refusals: 3, deliveredAt: null });
    expect(dead.deadLetteredAt).toBeInstanceOf(Date);
    expect(dead.lastError).toContain("Unknown namespace");

    const line = logged.find((entry) => entry.msg.includes("dead-lettered"));
    expect(line).toMatchObject({
      level: 50,
      id: String(dead.id),
      tuple: `Nope:x#viewers@User:${alice}`,
      attempts: 3,
    });

    // Skipped from now on: nothing more is sent for it.
    emulator.counters.reset();
    expect(await outbox.deliver()).toMatchObject({ delivered: 0, pending: 0 });
    expect(emulator.counters.total("keto")).toBe(0);
  });

  it("the background loop says how many rows are dead-lettered", async () => {
    await enqueueTupleChanges(db.prisma, [refusedByKeto("y", user(alice))]);
    const outbox = dispatcher({ maxAttempts: 1, retryMs: 10, pollMs: 20 });
    outbox.start();
    try {
      await vi.waitFor(() =>
        expect(logged.find((entry) => entry.msg.includes("rows are dead-lettered"))).toMatchObject({
          level: 40,
          deadLettered: 1,
        }),
      );
    } finally {
      await outbox.stop();
    }
  });
});

describe("transient failures", () => {
  const faults = [
    ["a 5xx", { status: 503 }],
    ["429 Too Many Requests", { status: 429 }],
    ["connection refused", { down: true }],
    ["a timeout", { latencyMs: 1_500 }],
  ] as const;

  it.each(faults)(
    "%s never dead-letters, and the row lands once Keto is back",
    async (_, fault) => {
      await enqueueTupleChanges(db.prisma, [insert("Project", "p3", "viewers", user(alice))]);
      const outbox = dispatcher({ maxAttempts: 1 });
      await emulator.faults.set("keto", { ...fault, port: "write" });
      for (let attempt = 0; attempt < 3; attempt++) {
        const report = await outbox.deliver();
        expect(report).toMatchObject({ delivered: 0, deadLettered: 0, pending: 1 });
      }
      const row = await db.prisma.tupleOutbox.findFirstOrThrow();
      expect(row).toMatchObject({ attempts: 3, refusals: 0, deadLetteredAt: null });

      await emulator.faults.clear();
      expect(await outbox.deliver()).toMatchObject({ delivered: 1, pending: 0 });
      expect(await viewersInKeto()).toContain("p3");
    },
  );

  it("a later row about the same tuple waits behind an earlier one that is retrying", async () => {
    await enqueueTupleChanges(db.prisma, [insert("Project", "p4", "viewers", user(alice))]);
    await enqueueTupleChanges(db.prisma, [remove("Project", "p4", "viewers", user(alice))]);
    const outbox = dispatcher();
    await emulator.faults.set("keto", { status: 500, port: "write" });
    expect(await outbox.deliver()).toMatchObject({ delivered: 0, pending: 2 });
    await emulator.faults.clear();
    expect(await outbox.deliver()).toMatchObject({ delivered: 2, pending: 0 });
    expect(await viewersInKeto()).not.toContain("p4");
  });
});
