import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { migrateDatabase } from "../../server/src/db/migrate.ts";
import { pgFactory, pgliteFactory, scratchPgliteFactory, shadowKindFromEnv } from "./adapters.ts";
import {
  type DatabaseLocation,
  databaseLocation,
  describeLocation,
  repoRoot,
  UsageError,
  validPostgresUrl,
} from "./database-target.ts";
import { engineVersion } from "./engine.ts";
import { describeDiagnosis, diagnoseMigrations } from "./migration-status.ts";
import { createMigration } from "./new-migration.ts";
import { emptyDatabase } from "./reset-database.ts";
import { missingMigrationSql } from "./schema-diff.ts";

export type Io = {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
};

/** Paths the commands work on; tests point them at temporary copies. */
export type Paths = { schemaPath: string; migrationsDir: string; seedPath: string };

export const projectPaths: Paths = {
  schemaPath: path.join(repoRoot, "prisma/schema.prisma"),
  migrationsDir: path.join(repoRoot, "prisma/migrations"),
  seedPath: path.join(repoRoot, "prisma/seed.ts"),
};

export const usage = `usage: db.ts <command>
  new <name>  create prisma/migrations/<timestamp>_<name> from the change in schema.prisma
  check       exit 2 and print the missing SQL when schema.prisma has changes no migration covers
  status      compare the database with prisma/migrations (Prisma's own history check)
  migrate     apply pending migrations
  reset       drop everything in the database, migrate, seed (development only)
The database is DATABASE_URL, or the embedded PGlite under DATA_DIR (default .data).
SHADOW=pglite (default, no server needed) or SHADOW=pg (a temporary database on DATABASE_URL's server).`;

/** Exit codes: 0 ok, 1 failed or needs attention, 2 drift (check), 64 bad usage. */
export async function runDbCommand(args: string[], io: Io, paths = projectPaths): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case "new":
        return await newMigration(rest, io, paths);
      case "check":
        return await check(io, paths);
      case "status":
        return await status(io, paths);
      case "migrate":
        return await migrate(io, paths);
      case "reset":
        return await reset(io, paths);
      default:
        throw new UsageError(
          command ? `unknown command "${command}"\n${usage}` : `missing command\n${usage}`,
        );
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}`);
      return 64;
    }
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function newMigration(args: string[], io: Io, paths: Paths): Promise<number> {
  const name = args.join(" ").trim();
  if (!name) throw new UsageError("missing migration name: npm run db:new -- <name>");
  const dir = await withShadowFactory(io.env, (adapterFactory) =>
    createMigration({ name, ...paths, adapterFactory }),
  );
  if (!dir) {
    io.out("schema.prisma matches the migrations; no migration created.");
    return 0;
  }
  io.out(`created ${path.relative(process.cwd(), dir)}/migration.sql; review it, then commit it.`);
  return 0;
}

async function check(io: Io, paths: Paths): Promise<number> {
  const sql = await withShadowFactory(io.env, (adapterFactory) =>
    missingMigrationSql({ ...paths, adapterFactory }),
  );
  if (sql === null) {
    io.out("no drift: prisma/migrations produce exactly schema.prisma");
    return 0;
  }
  io.err(
    "drift: schema.prisma has changes that no migration covers; run npm run db:new -- <name>.",
  );
  io.err("Missing SQL:");
  io.err(sql);
  return 2;
}

async function status(io: Io, paths: Paths): Promise<number> {
  const location = databaseLocation(io.env);
  io.out(`database: ${describeLocation(location)}`);
  if (location.kind === "pglite" && !existsSync(location.dir)) {
    io.out("No embedded database yet; npm run db:migrate (or npm start) creates it.");
    return 1;
  }
  const diagnosis = await withAdapterFactory(location, io.env, (adapterFactory) =>
    diagnoseMigrations({ ...paths, adapterFactory }),
  );
  const engine = await engineVersion(io.err);
  io.out(`schema engine: ${engine.commit} (${path.relative(repoRoot, engine.wasm)})`);
  const { lines, upToDate } = describeDiagnosis(diagnosis);
  for (const line of lines) io.out(line);
  return upToDate ? 0 : 1;
}

async function migrate(io: Io, paths: Paths): Promise<number> {
  const location = databaseLocation(io.env);
  io.out(`database: ${describeLocation(location)}`);
  const { applied } = await withMigrationTarget(location, (target) =>
    migrateDatabase(target, { migrationsDir: paths.migrationsDir, log: io.out }),
  );
  if (applied.length === 0) io.out("No pending migrations.");
  return 0;
}

async function reset(io: Io, paths: Paths): Promise<number> {
  if (io.env.NODE_ENV === "production") {
    throw new UsageError("refusing to reset with NODE_ENV=production: it deletes all data");
  }
  const location = databaseLocation(io.env);
  io.out(`resetting ${describeLocation(location)}`);
  await emptyDatabase(location);
  const code = await migrate(io, paths);
  if (code !== 0 || !existsSync(paths.seedPath)) return code;
  io.out(`seeding with ${path.relative(repoRoot, paths.seedPath)}`);
  return runSeed(paths.seedPath, io.env);
}

/** The seed opens the database itself, so it runs after every connection here is closed. */
function runSeed(seedPath: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["--no-install", "tsx", seedPath], {
      cwd: repoRoot,
      env,
      stdio: "inherit",
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

/** The shadow database for `new` and `check`; neither touches the main database. */
async function withShadowFactory<T>(
  env: NodeJS.ProcessEnv,
  work: (factory: SqlMigrationAwareDriverAdapterFactory) => Promise<T>,
): Promise<T> {
  if (shadowKindFromEnv(env) === "pg") {
    if (!env.DATABASE_URL) {
      throw new UsageError(
        "SHADOW=pg needs DATABASE_URL (its server hosts the temporary database)",
      );
    }
    return work(pgFactory(validPostgresUrl(env.DATABASE_URL), "pg"));
  }
  const scratch = scratchPgliteFactory();
  try {
    return await work(scratch);
  } finally {
    await scratch.close();
  }
}

async function withAdapterFactory<T>(
  location: DatabaseLocation,
  env: NodeJS.ProcessEnv,
  work: (factory: SqlMigrationAwareDriverAdapterFactory) => Promise<T>,
): Promise<T> {
  if (location.kind === "pg") return work(pgFactory(location.url, shadowKindFromEnv(env)));
  const db = await PGlite.create(location.dir);
  try {
    return await work(pgliteFactory(db));
  } finally {
    await db.close();
  }
}

async function withMigrationTarget<T>(
  location: DatabaseLocation,
  work: (target: Parameters<typeof migrateDatabase>[0]) => Promise<T>,
): Promise<T> {
  if (location.kind === "pg") return work(location);
  mkdirSync(location.dir, { recursive: true });
  const db = await PGlite.create(location.dir);
  try {
    return await work({ kind: "pglite", db });
  } finally {
    await db.close();
  }
}
