import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { repoRoot } from "../config.ts";
import { type Database, openPostgres } from "../db/client.ts";
import { createTestDatabase, type TestDatabase } from "../db/test-database.ts";
import { refusedByKeto } from "../testing/refused-change.ts";
import { runOutboxCommand } from "./command.ts";
import { enqueueTupleChanges } from "./outbox.ts";
import { insert, remove, user } from "./tuples.ts";

/** `npm run outbox -- list|retry|drop` against a real database. */
let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDb = await createTestDatabase("pg");
  db = openPostgres(testDb.url as string);
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

const ann = "0b7e0c1e-4c5f-4d1e-9a57-2f1c3b7d9e01";
const tuple = insert("Project", "p1", "viewers", user(ann));

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runOutboxCommand(args, db.prisma, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Rows in each state, as the dispatcher leaves them (dead-letters.test.ts covers how). */
async function world() {
  await db.prisma.tupleOutbox.deleteMany();
  await enqueueTupleChanges(db.prisma, [
    remove("Project", "p1", "viewers", user(ann)),
    refusedByKeto("x", user(ann)),
    tuple,
    insert("Project", "p2", "viewers", user(ann)),
  ]);
  const [revoke, refused, regrant, queued] = await db.prisma.tupleOutbox.findMany({
    orderBy: { id: "asc" },
  });
  const dead = { deadLetteredAt: new Date(), attempts: 5, refusals: 5 };
  await db.prisma.tupleOutbox.update({
    where: { id: revoke.id },
    data: { ...dead, lastError: "HTTP 400: {}" },
  });
  await db.prisma.tupleOutbox.update({
    where: { id: refused.id },
    data: { ...dead, lastError: 'HTTP 404: Unknown namespace with name "Nope".' },
  });
  await db.prisma.tupleOutbox.update({
    where: { id: regrant.id },
    data: { deliveredAt: new Date() },
  });
  return { revoke: revoke.id, refused: refused.id, regrant: regrant.id, queued: queued.id };
}
const state = (id: bigint) => db.prisma.tupleOutbox.findUnique({ where: { id } });

describe("npm run outbox", () => {
  let ids: Awaited<ReturnType<typeof world>>;
  beforeEach(async () => {
    ids = await world();
  });

  it("list prints pending and dead-lettered rows as a table", async () => {
    const { code, out } = await run("list");
    expect(code).toBe(0);
    const lines = out.split("\n");
    expect(lines[0]).toMatch(/^ID\s+STATE\s+ACTION\s+TUPLE\s+ATTEMPTS\s+LAST ERROR$/);
    expect(lines[1]).toMatch(
      new RegExp(
        `^${ids.revoke}\\s+dead\\s+DELETE\\s+Project:p1#viewers@User:${ann}\\s+5\\s+HTTP 400`,
      ),
    );
    expect(lines[2]).toMatch(
      /dead\s+INSERT\s+Nope:x#viewers@User:\S+\s+5\s+HTTP 404: Unknown namespace/,
    );
    expect(lines[3]).toMatch(
      new RegExp(`^${ids.queued}\\s+pending\\s+INSERT\\s+Project:p2#viewers`),
    );
    expect(out).not.toContain(`\n${ids.regrant} `);
    expect(lines.at(-1)).toBe("1 pending, 2 dead-lettered");
  });

  it("retry queues a dead letter again, but not one a later delivered row superseded", async () => {
    const retried = await run("retry", String(ids.refused));
    expect(retried.code).toBe(0);
    expect(await state(ids.refused)).toMatchObject({ deadLetteredAt: null, refusals: 0 });

    // Sending the old revoke now would undo the grant delivered after it.
    const superseded = await run("retry", "all");
    expect(superseded.code).toBe(1);
    expect(superseded.err).toContain(`row ${ids.revoke} not retried: row ${ids.regrant}`);
    expect((await state(ids.revoke))?.deadLetteredAt).toBeInstanceOf(Date);

    expect((await run("retry", String(ids.queued))).err).toContain("no dead-lettered row");
  });

  it("drop deletes dead letters and keeps pending rows unless told", async () => {
    const kept = await run("drop", String(ids.queued));
    expect(kept.code).toBe(1);
    expect(kept.err).toContain("kept 1 pending row");
    expect(await state(ids.queued)).not.toBeNull();

    const dropped = await run("drop", "all");
    expect(dropped.out).toContain("dropped 2 rows");
    expect(await state(ids.revoke)).toBeNull();
    expect(await state(ids.refused)).toBeNull();
    expect(await state(ids.queued)).not.toBeNull();
    expect(await state(ids.regrant)).not.toBeNull();

    expect((await run("drop", String(ids.queued), "--pending")).code).toBe(0);
    expect(await state(ids.queued)).toBeNull();
    expect((await run("list")).out).toContain("Nothing waiting");
  });

  it("answers bad usage with exit code 64 and the usage", async () => {
    for (const args of [[], ["purge"], ["retry"], ["drop", "x1"], ["retry", "1", "2"]]) {
      const { code, err } = await run(...args);
      expect(code).toBe(64);
      expect(err).toContain("usage: npm run outbox");
    }
  });

  it("runs as npm run outbox against DATABASE_URL", async () => {
    const { stdout } = await promisify(execFile)(
      "npm",
      ["run", "--silent", "outbox", "--", "list"],
      {
        cwd: repoRoot,
        env: { ...process.env, DATABASE_URL: testDb.url },
      },
    );
    expect(stdout).toContain(`Project:p1#viewers@User:${ann}`);
    expect(stdout).toContain("1 pending, 2 dead-lettered");
  });
});
