import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
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

async function createPgDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL || defaultServerUrl;
  const name = `test_${randomBytes(8).toString("hex")}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await onServer(serverUrl, `CREATE DATABASE "${name}"`);
  const target: MigrationTarget = { kind: "pg", url: url.toString() };
  const drop = () => onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
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

// A fresh in-memory PGlite costs an initdb (about 5 s); loading a dumped data dir about 1 s.
// So one migrated template is dumped per process, and cached on disk across processes
// (vitest runs test files in separate workers) under a key that changes with the
// migrations and the PGlite build.
let template: Promise<Blob> | undefined;

function migratedTemplate(): Promise<Blob> {
  template ??= (async () => {
    const file = path.join(os.tmpdir(), `pglite-test-template-${await templateKey()}.tar`);
    const cached = await readFile(file).catch(() => undefined);
    if (cached) return new Blob([cached]);
    const db = await PGlite.create("memory://");
    try {
      await migrateDatabase({ kind: "pglite", db }, { migrationsDir, log: quiet });
      const dump = await db.dumpDataDir("none");
      await writeAtomically(file, Buffer.from(await dump.arrayBuffer()));
      return dump;
    } finally {
      await db.close();
    }
  })();
  return template;
}

async function templateKey(): Promise<string> {
  const hash = createHash("sha256");
  const pgliteEntry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  hash.update(await readFile(path.join(path.dirname(pgliteEntry), "../package.json")));
  for (const migration of await readMigrations(migrationsDir)) {
    hash.update(`${migration.name}\0${migration.script}\0`);
  }
  return hash.digest("hex").slice(0, 16);
}

/** Concurrent workers may build the same template; a rename never exposes a partial file. */
async function writeAtomically(file: string, bytes: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  await writeFile(partial, bytes);
  await rename(partial, file);
}
