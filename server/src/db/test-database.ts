import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
// Test-only code may use the dev tooling; the server itself never imports prisma/tools.
import { pgliteSnapshot } from "../../../prisma/tools/pglite-snapshot.ts";
import { type MigrationTarget, migrateDatabase, readMigrations } from "./migrate.ts";

export type TestDatabase = {
  kind: "pg" | "pglite";
  /** Connection string of the fresh database (pg only). */
  url?: string;
  /** The in-memory instance (pglite only). */
  pglite?: PGlite;
  target: MigrationTarget;
  /** Removes the database; safe to call more than once. */
  drop(): Promise<void>;
};

const defaultServerUrl = "postgresql://postgres@127.0.0.1:5432/postgres";
const migrationsDir = fileURLToPath(new URL("../../../prisma/migrations", import.meta.url));
const quiet = () => {};

/**
 * A fresh, fully migrated database for one test file or test. pg: a new database with a
 * random name on TEST_DATABASE_URL's server; pglite: an in-memory copy of a migrated template.
 */
export async function createTestDatabase(kind: "pg" | "pglite"): Promise<TestDatabase> {
  return kind === "pg" ? createPgDatabase() : createPgliteDatabase();
}

/**
 * A new database with a random name and nothing in it, on TEST_DATABASE_URL's server; for tests
 * of what a fresh deployment does, migrations included.
 */
export async function createEmptyPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL || defaultServerUrl;
  const name = `test_${randomBytes(8).toString("hex")}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await onServer(serverUrl, `CREATE DATABASE "${name}"`);
  return {
    url: url.toString(),
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function createPgDatabase(): Promise<TestDatabase> {
  const { url, drop } = await createEmptyPgDatabase();
  const target: MigrationTarget = { kind: "pg", url };
  try {
    await migrateDatabase(target, { migrationsDir, log: quiet });
  } catch (error) {
    await drop();
    throw error;
  }
  return { kind: "pg", url: target.url, target, drop };
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  const db = await PGlite.create({ loadDataDir: await migratedTemplate() });
  return {
    kind: "pglite",
    pglite: db,
    target: { kind: "pglite", db },
    drop: async () => {
      if (!db.closed) await db.close();
    },
  };
}

/** The project's migrations applied once to an empty PGlite, shared by every test database. */
async function migratedTemplate(): Promise<Blob> {
  const migrations = await readMigrations(migrationsDir);
  return pgliteSnapshot({
    purpose: "test-template",
    inputs: migrations.flatMap((migration) => [migration.name, migration.script]),
    prepare: (db) => migrateDatabase({ kind: "pglite", db }, { migrationsDir, log: quiet }),
  });
}
