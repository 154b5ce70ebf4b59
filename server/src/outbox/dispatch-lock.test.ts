import { startOryEmulator } from "@app/ory-emulator";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Database, openPostgres } from "../db/client.ts";
import { createTestDatabase, type TestDatabase } from "../db/test-database.ts";
import { createLogger } from "../log.ts";
import { createOutboxDispatcher, enqueueTupleChanges } from "./outbox.ts";
import { insert, remove, user } from "./tuples.ts";

/** Two API processes on one PostgreSQL database must not both send the same rows. */
let emulator: Awaited<ReturnType<typeof startOryEmulator>>;
let testDb: TestDatabase;
const replicas: Database[] = [];

beforeAll(async () => {
  emulator = await startOryEmulator({ ephemeralPorts: true, only: "keto" });
  testDb = await createTestDatabase("pg");
  for (let i = 0; i < 2; i++) replicas.push(openPostgres(testDb.url as string));
});
afterAll(async () => {
  for (const replica of replicas) await replica.close();
  await testDb?.drop();
  await emulator?.close();
});

it("replicas delivering at the same time send each row once, in order", async () => {
  const alice = "0b7e0c1e-4c5f-4d1e-9a57-2f1c3b7d9e01";
  await enqueueTupleChanges(replicas[0].prisma, [
    insert("Project", "p1", "viewers", user(alice)),
    insert("Project", "p2", "viewers", user(alice)),
    remove("Project", "p1", "viewers", user(alice)),
  ]);
  const dispatchers = replicas.map((db) =>
    createOutboxDispatcher({
      db,
      ketoWriteUrl: emulator.urls.ketoWrite,
      timeoutMs: 2_000,
      log: createLogger("silent"),
    }),
  );
  // Keto answers slowly, so both passes overlap.
  await emulator.faults.set("keto", { latencyMs: 200 });
  const reports = await Promise.all(dispatchers.map((dispatcher) => dispatcher.deliver()));
  await emulator.faults.clear();

  expect(reports.map((report) => report.delivered).sort()).toEqual([0, 3]);
  expect(emulator.counters.get("keto", "PATCH /admin/relation-tuples")).toBe(1);
  const left = await fetch(new URL("/relation-tuples?namespace=Project", emulator.urls.ketoRead));
  const { relation_tuples } = (await left.json()) as { relation_tuples: { object: string }[] };
  expect(relation_tuples.map((tuple) => tuple.object)).toEqual(["p2"]);
});
