import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../../server/src/db/migrate.ts";
import { createTestDatabase, type TestDatabase } from "../../server/src/db/test-database.ts";
import { pgFactory, pgliteFactory } from "./adapters.ts";
import { projectPaths } from "./commands.ts";
import { createSchemaEngine } from "./engine.ts";
import { readMigrationList } from "./migration-list.ts";
import { diagnoseMigrations } from "./migration-status.ts";

// Prisma's own schema engine must accept what the runner writes, and the other way round.

const noFilters = { externalTables: [], externalEnums: [] };
const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

async function runnerMigrated(kind: "pg" | "pglite") {
  const db = await createTestDatabase(kind);
  databases.push(db);
  return db;
}

function factoryFor(db: TestDatabase) {
  if (db.url) return pgFactory(db.url, "pglite");
  if (db.pglite) return pgliteFactory(db.pglite);
  throw new Error("test database has neither a url nor a PGlite instance");
}

async function prismaApplyMigrations(factory: ReturnType<typeof factoryFor>) {
  const schema = {
    path: "prisma/schema.prisma",
    content: await readFile(projectPaths.schemaPath, "utf8"),
  };
  const engine = await createSchemaEngine({ schema, adapterFactory: factory });
  try {
    return await engine.applyMigrations({
      migrationsList: await readMigrationList(projectPaths.migrationsDir),
      filters: noFilters,
    });
  } finally {
    engine.free();
  }
}

describe.each(["pg", "pglite"] as const)("a database migrated by the runner (%s)", (kind) => {
  it("passes Prisma's migration history check and gets nothing from Prisma's deploy", async () => {
    const db = await runnerMigrated(kind);

    const diagnosis = await diagnoseMigrations({ ...projectPaths, adapterFactory: factoryFor(db) });
    const deploy = await prismaApplyMigrations(factoryFor(db));

    expect(diagnosis).toMatchObject({
      history: null,
      failedMigrationNames: [],
      editedMigrationNames: [],
      hasMigrationsTable: true,
    });
    expect(deploy.appliedMigrationNames).toEqual([]);
  });
});

describe("a database migrated by Prisma's engine (pg)", () => {
  const serverUrl =
    process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `test_engine_${randomBytes(6).toString("hex")}`;
  const url = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  afterAll(() => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

  it("holds the same _prisma_migrations rows the runner writes, and the runner has nothing to add", async () => {
    await admin(`CREATE DATABASE "${name}"`);
    const deploy = await prismaApplyMigrations(pgFactory(url, "pglite"));
    const runnerDb = await runnerMigrated("pg");

    const rows = async (connectionString: string) => {
      const client = new pg.Client({ connectionString });
      await client.connect();
      try {
        const table = await client.query(
          `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
             FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
        );
        const content = await client.query(
          `SELECT migration_name, checksum, logs, rolled_back_at, applied_steps_count,
                  length(id) AS id_length, finished_at >= started_at AS finished_after_start
             FROM _prisma_migrations ORDER BY migration_name`,
        );
        return { columns: table.rows, rows: content.rows };
      } finally {
        await client.end();
      }
    };

    expect(deploy.appliedMigrationNames.length).toBeGreaterThan(0);
    expect(await rows(url)).toEqual(await rows(runnerDb.url ?? ""));
    expect((await migrateDatabase({ kind: "pg", url }, { log: () => {} })).applied).toEqual([]);
  });
});
