import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { repoRoot } from "../config.ts";

// Applies prisma/migrations the way `prisma migrate deploy` does, without Prisma's
// native schema engine (not installable here, see docs/decisions/0001-migration-runner.md).
// The bookkeeping in _prisma_migrations is Prisma's own, so Prisma's schema engine (the
// wasm one in prisma/tools, or the native CLI wherever it can be installed) accepts a
// database this runner migrated, and the other way round.

export type MigrationTarget = { kind: "pg"; url: string } | { kind: "pglite"; db: PGlite };

export type Migration = { name: string; script: string };

const defaultMigrationsDir = path.join(repoRoot, "prisma/migrations");

// Prisma's lock id and wait (prisma-engines, postgres connector).
const advisoryLockId = 72707369;
const lockWait = "10s";

// Same columns, types and defaults as the table prisma-engines creates.
const createMigrationsTable = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

type MigrationRow = {
  migration_name: string;
  checksum: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
};

/** One database connection: a dedicated pg.Client (the advisory lock is per session) or the PGlite instance. */
type Session = {
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a whole script as one simple query: PostgreSQL runs it in one implicit transaction. */
  runScript(script: string): Promise<void>;
  close(): Promise<void>;
};

export class FailedMigrationError extends Error {
  constructor(
    readonly migrationName: string,
    reason: string,
  ) {
    super(
      `Migration ${migrationName} failed: ${reason}. It is recorded as failed in _prisma_migrations and ` +
        "blocks further migrations. In development, fix its migration.sql and run `npm run db:reset`. " +
        "In production, undo whatever part of it took effect, then mark it rolled back " +
        `(UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '${migrationName}' ` +
        "AND finished_at IS NULL) and migrate again.",
    );
    this.name = "FailedMigrationError";
  }
}

export async function migrateDatabase(
  target: MigrationTarget,
  options: { migrationsDir?: string; log?: (line: string) => void } = {},
): Promise<{ applied: string[] }> {
  const log = options.log ?? ((line: string) => console.log(line));
  const migrations = await readMigrations(options.migrationsDir ?? defaultMigrationsDir);
  const session = await openSession(target);
  try {
    await lockMigrations(session);
    try {
      return await applyPending(session, migrations, log);
    } finally {
      await session.query("SELECT pg_advisory_unlock($1)", [advisoryLockId]);
    }
  } finally {
    await session.close();
  }
}

/** The migration folders in Prisma's order (folder names sorted), each with its script. */
export async function readMigrations(migrationsDir: string): Promise<Migration[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [];
      throw error;
    },
  );
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      const script = await readFile(file, "utf8").catch(() => {
        throw new Error(`Migration folder ${name} has no readable migration.sql (${file})`);
      });
      return { name, script };
    }),
  );
}

/** sha256 of the script as 64 lowercase hex digits, as Prisma stores it. */
export function migrationChecksum(script: string): string {
  return createHash("sha256").update(script).digest("hex");
}

/**
 * Prisma treats a script as unchanged when only its line endings differ, and accepts the
 * checksums without zero padding that old Prisma versions wrote.
 */
export function checksumMatches(stored: string, script: string): boolean {
  const variants = [script, script.replace(/\r\n/g, "\n"), script.replace(/\r?\n/g, "\r\n")];
  return variants.some((variant) => {
    const digest = createHash("sha256").update(variant).digest();
    const unpadded = Array.from(digest, (byte) => byte.toString(16)).join("");
    return stored === digest.toString("hex") || stored === unpadded;
  });
}

async function applyPending(
  session: Session,
  migrations: Migration[],
  log: (line: string) => void,
): Promise<{ applied: string[] }> {
  await session.query(createMigrationsTable);
  const rows = await session.query<MigrationRow>(
    "SELECT migration_name, checksum, started_at, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at",
  );
  const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    throw new FailedMigrationError(
      failed.migration_name,
      `in an earlier run started at ${failed.started_at.toISOString()} (its error is in the logs column)`,
    );
  }

  const appliedRows = new Map(
    rows.filter((row) => row.rolled_back_at === null).map((row) => [row.migration_name, row]),
  );
  for (const migration of migrations) {
    const row = appliedRows.get(migration.name);
    if (row && !checksumMatches(row.checksum, migration.script)) {
      log(
        `warning: migration ${migration.name} was modified after it was applied; ` +
          "the database does not run the edited file. Revert the edit and add a new migration instead.",
      );
    }
  }

  const applied: string[] = [];
  for (const migration of migrations.filter((m) => !appliedRows.has(m.name))) {
    await applyOne(session, migration);
    log(`applied migration ${migration.name}`);
    applied.push(migration.name);
  }
  return { applied };
}

// The row lifecycle of prisma-engines' apply_migrations: a started row with zero steps,
// then either one successful step and finished_at, or the error in logs and no finished_at.
async function applyOne(session: Session, migration: Migration): Promise<void> {
  const id = randomUUID();
  await session.query(
    "INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ($1, $2, $3)",
    [id, migrationChecksum(migration.script), migration.name],
  );
  try {
    await session.runScript(migration.script);
  } catch (error) {
    const logs = describeDatabaseError(error);
    // A script with its own BEGIN leaves the session in an aborted transaction; outside
    // one, ROLLBACK only warns.
    await session.query("ROLLBACK");
    await session.query("UPDATE _prisma_migrations SET logs = $1 WHERE id = $2", [logs, id]);
    throw new FailedMigrationError(migration.name, errorMessage(error));
  }
  await session.query(
    "UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1 WHERE id = $1",
    [id],
  );
  await session.query("UPDATE _prisma_migrations SET finished_at = now() WHERE id = $1", [id]);
}

async function lockMigrations(session: Session): Promise<void> {
  await session.query(`SET lock_timeout = '${lockWait}'`);
  try {
    await session.query("SELECT pg_advisory_lock($1)", [advisoryLockId]);
  } catch (error) {
    if ((error as { code?: string }).code === "55P03") {
      throw new Error(
        `Timed out after ${lockWait} waiting for the migration lock (pg_advisory_lock(${advisoryLockId})); ` +
          "another process is migrating this database.",
      );
    }
    throw error;
  } finally {
    await session.query("RESET lock_timeout");
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Error text in the layout Prisma writes to the logs column. */
function describeDatabaseError(error: unknown): string {
  const fields = error as {
    code?: string;
    message?: string;
    detail?: string;
    hint?: string;
    position?: string;
  };
  const lines = [
    ...(fields.code ? [`Database error code: ${fields.code}`, ""] : []),
    "Database error:",
    `ERROR: ${fields.message ?? String(error)}`,
  ];
  if (fields.detail) lines.push(`DETAIL: ${fields.detail}`);
  if (fields.hint) lines.push(`HINT: ${fields.hint}`);
  if (fields.position) lines.push(`POSITION: ${fields.position}`);
  return lines.join("\n");
}

async function openSession(target: MigrationTarget): Promise<Session> {
  if (target.kind === "pglite") {
    const db = target.db;
    return {
      query: async <Row>(sql: string, params?: unknown[]) =>
        (await db.query<Row>(sql, params)).rows,
      runScript: async (script) => {
        await db.exec(script);
      },
      // The caller owns the instance and keeps using it.
      close: async () => {},
    };
  }
  const client = new pg.Client({ connectionString: target.url });
  // Without a listener, a dropped connection would crash the process instead of failing the query.
  client.on("error", () => {});
  await client.connect();
  return {
    query: async <Row>(sql: string, params?: unknown[]) =>
      (await client.query(sql, params)).rows as Row[],
    runScript: async (script) => {
      await client.query(script);
    },
    close: () => client.end(),
  };
}
