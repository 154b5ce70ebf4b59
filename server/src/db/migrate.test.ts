import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgliteSnapshot } from "../../../prisma/tools/pglite-snapshot.ts";
import {
  checksumMatches,
  FailedMigrationError,
  type MigrationTarget,
  migrateDatabase,
  migrationChecksum,
} from "./migrate.ts";

const serverUrl = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

type EmptyDatabase = {
  target: MigrationTarget;
  query<Row>(sql: string): Promise<Row[]>;
  drop(): Promise<void>;
};

/** An empty database (no migrations), so each test controls exactly what is applied. */
type Backend = { name: "pg" | "pglite"; create(): Promise<EmptyDatabase> };

const backends: Backend[] = [
  {
    name: "pg",
    async create() {
      const name = `test_runner_${randomBytes(6).toString("hex")}`;
      await onServer(`CREATE DATABASE "${name}"`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      return {
        target: { kind: "pg", url: url.toString() },
        query: async (sql) => (await client.query(sql)).rows,
        drop: async () => {
          await client.end();
          await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        },
      };
    },
  },
  {
    name: "pglite",
    async create() {
      const empty = await pgliteSnapshot({ purpose: "empty", inputs: [], prepare: async () => {} });
      const db = await PGlite.create({ loadDataDir: empty });
      return {
        target: { kind: "pglite", db },
        query: async (sql) => (await db.query(sql)).rows as never,
        drop: () => db.close(),
      };
    },
  },
];

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A migrations folder in a temporary directory, written the way Prisma lays it out. */
async function migrationsFolder(migrations: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
  for (const [name, script] of Object.entries(migrations)) {
    await writeMigration(dir, name, script);
  }
  return dir;
}

async function writeMigration(dir: string, name: string, script: string): Promise<void> {
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, name, "migration.sql"), script);
}

type Row = {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
};

const rowsOf = (db: EmptyDatabase) =>
  db.query<Row>("SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name");

const createThings = 'CREATE TABLE "Thing" ("id" INTEGER NOT NULL PRIMARY KEY, "label" TEXT);\n';
const insertThing = `INSERT INTO "Thing" ("id", "label") VALUES (1, 'one; with a semicolon');\n`;

describe.each(backends)("migrateDatabase on $name", (backend) => {
  let db: EmptyDatabase;
  const dirs: string[] = [];
  const folder = async (migrations: Record<string, string>) => {
    const dir = await migrationsFolder(migrations);
    dirs.push(dir);
    return dir;
  };
  const silent = { log: () => {} };

  beforeAll(async () => {
    db = await backend.create();
  });
  afterAll(async () => {
    await db?.drop();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("applies every migration in folder-name order, then nothing on a re-run", async () => {
    const migrationsDir = await folder({
      "20260102000000_add_thing": insertThing,
      "20260101000000_create_thing": createThings,
    });

    const first = await migrateDatabase(db.target, { migrationsDir, ...silent });
    const second = await migrateDatabase(db.target, { migrationsDir, ...silent });

    expect(first.applied).toEqual(["20260101000000_create_thing", "20260102000000_add_thing"]);
    expect(second.applied).toEqual([]);
    expect(await db.query('SELECT "label" FROM "Thing"')).toEqual([
      { label: "one; with a semicolon" },
    ]);
  });

  it("records each migration the way prisma migrate deploy does", async () => {
    const rows = await rowsOf(db);

    expect(rows.map((row) => row.migration_name)).toEqual([
      "20260101000000_create_thing",
      "20260102000000_add_thing",
    ]);
    expect(rows[0]).toMatchObject({
      checksum: createHash("sha256").update(createThings).digest("hex"),
      logs: null,
      rolled_back_at: null,
      applied_steps_count: 1,
    });
    for (const row of rows) {
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at?.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }
  });

  it("keeps Prisma's _prisma_migrations columns, types and defaults", async () => {
    const columns = await db.query(
      `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      {
        column_name: "id",
        data_type: "character varying",
        character_maximum_length: 36,
        is_nullable: "NO",
        column_default: null,
      },
      {
        column_name: "checksum",
        data_type: "character varying",
        character_maximum_length: 64,
        is_nullable: "NO",
        column_default: null,
      },
      {
        column_name: "finished_at",
        data_type: "timestamp with time zone",
        character_maximum_length: null,
        is_nullable: "YES",
        column_default: null,
      },
      {
        column_name: "migration_name",
        data_type: "character varying",
        character_maximum_length: 255,
        is_nullable: "NO",
        column_default: null,
      },
      {
        column_name: "logs",
        data_type: "text",
        character_maximum_length: null,
        is_nullable: "YES",
        column_default: null,
      },
      {
        column_name: "rolled_back_at",
        data_type: "timestamp with time zone",
        character_maximum_length: null,
        is_nullable: "YES",
        column_default: null,
      },
      {
        column_name: "started_at",
        data_type: "timestamp with time zone",
        character_maximum_length: null,
        is_nullable: "NO",
        column_default: "now()",
      },
      {
        column_name: "applied_steps_count",
        data_type: "integer",
        character_maximum_length: null,
        is_nullable: "NO",
        column_default: "0",
      },
    ]);
  });

  it("records a failed migration with its error, rolls its statements back, and blocks later runs", async () => {
    const migrationsDir = await folder({
      "20260101000000_create_thing": createThings,
      "20260102000000_add_thing": insertThing,
      "20260103000000_broken":
        'CREATE TABLE "Partial" ("id" INTEGER);\nINSERT INTO "NoSuchTable" VALUES (1);\n',
    });

    const failure = await migrateDatabase(db.target, { migrationsDir, ...silent }).catch((e) => e);

    expect(failure).toBeInstanceOf(FailedMigrationError);
    expect(failure.message).toMatch(
      /Migration 20260103000000_broken failed: relation "NoSuchTable" does not exist/,
    );
    const broken = (await rowsOf(db)).find((row) => row.migration_name === "20260103000000_broken");
    expect(broken).toMatchObject({
      finished_at: null,
      rolled_back_at: null,
      applied_steps_count: 0,
    });
    expect(broken?.logs).toContain('relation "NoSuchTable" does not exist');
    expect(await db.query("SELECT to_regclass('\"Partial\"') AS partial")).toEqual([
      { partial: null },
    ]);

    // Even with the file fixed, the recorded failure has to be resolved first.
    await writeMigration(
      migrationsDir,
      "20260103000000_broken",
      'CREATE TABLE "Partial" ("id" INTEGER);\n',
    );
    const blocked = await migrateDatabase(db.target, { migrationsDir, ...silent }).catch((e) => e);
    expect(blocked).toBeInstanceOf(FailedMigrationError);
    expect(blocked.message).toMatch(/20260103000000_broken.*db:reset.*rolled_back_at/s);

    // What `prisma migrate resolve --rolled-back` records; then the fixed migration applies.
    await db.query(
      "UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '20260103000000_broken'",
    );
    const retried = await migrateDatabase(db.target, { migrationsDir, ...silent });
    expect(retried.applied).toEqual(["20260103000000_broken"]);
  });

  it("warns about a migration edited after it was applied, but not about changed line endings", async () => {
    const lines: string[] = [];
    const migrationsDir = await folder({
      "20260101000000_create_thing": createThings.replace(/\n/g, "\r\n"),
      "20260102000000_add_thing": `${insertThing}-- edited\n`,
      "20260103000000_broken": 'CREATE TABLE "Partial" ("id" INTEGER);\n',
    });

    const result = await migrateDatabase(db.target, { migrationsDir, log: (l) => lines.push(l) });

    expect(result.applied).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/20260102000000_add_thing was modified after it was applied/);
  });

  it("migrates a fresh database with the project's own migrations", async () => {
    const fresh = await backend.create();
    try {
      const { applied } = await migrateDatabase(fresh.target, silent);
      expect(applied.length).toBeGreaterThan(0);
      expect(applied[0]).toMatch(/^\d{14}_init$/);
      expect(await fresh.query('SELECT count(*)::int AS n FROM "User"')).toEqual([{ n: 0 }]);
    } finally {
      await fresh.drop();
    }
  });
});

describe("migrateDatabase on pg, concurrently", () => {
  it("serializes runners through Prisma's advisory lock", async () => {
    const db = await backends[0].create();
    const migrationsDir = await migrationsFolder({
      "20260101000000_create_thing": createThings,
      "20260102000000_add_thing": insertThing,
    });
    const holder = new pg.Client({ connectionString: (db.target as { url: string }).url });
    await holder.connect();
    try {
      // Hold the lock as another deploy would, start two runners, and see them wait.
      await holder.query("SELECT pg_advisory_lock(72707369)");
      const runs = [1, 2].map(() => migrateDatabase(db.target, { migrationsDir, log: () => {} }));
      await waitFor(async () => {
        const [{ waiting }] = await db.query<{ waiting: number }>(
          "SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
        );
        return waiting === 2;
      });
      expect(await db.query("SELECT to_regclass('_prisma_migrations') AS t")).toEqual([
        { t: null },
      ]);
      await holder.query("SELECT pg_advisory_unlock(72707369)");

      const results = await Promise.all(runs);

      expect(results.flatMap((r) => r.applied).sort()).toEqual([
        "20260101000000_create_thing",
        "20260102000000_add_thing",
      ]);
      expect(await db.query("SELECT count(*)::int AS n FROM _prisma_migrations")).toEqual([
        { n: 2 },
      ]);
    } finally {
      await holder.end();
      await db.drop();
      await rm(migrationsDir, { recursive: true, force: true });
    }
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe("checksums", () => {
  const script = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n";

  it("are the sha256 of the script in 64 lowercase hex digits", () => {
    expect(migrationChecksum(script)).toBe(createHash("sha256").update(script).digest("hex"));
    expect(migrationChecksum(script)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("match regardless of line endings, and in the unpadded form old Prisma versions stored", () => {
    const stored = migrationChecksum(script);
    expect(checksumMatches(stored, script.replace(/\n/g, "\r\n"))).toBe(true);
    expect(checksumMatches(migrationChecksum(script.replace(/\n/g, "\r\n")), script)).toBe(true);
    const unpadded = Array.from(createHash("sha256").update(script).digest(), (b) =>
      b.toString(16),
    ).join("");
    expect(checksumMatches(unpadded, script)).toBe(true);
    expect(checksumMatches(stored, `${script}-- changed\n`)).toBe(false);
  });
});
