import { readFile } from "node:fs/promises";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { DiagnoseMigrationHistoryOutput } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { createSchemaEngine } from "./engine.ts";
import { readMigrationList } from "./migration-list.ts";

/** Prisma's own verdict on a database's migration history (what `prisma migrate status` asks). */
export async function diagnoseMigrations(options: {
  schemaPath: string;
  migrationsDir: string;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
}): Promise<DiagnoseMigrationHistoryOutput> {
  const schema = {
    path: path.relative(process.cwd(), options.schemaPath),
    content: await readFile(options.schemaPath, "utf8"),
  };
  const engine = await createSchemaEngine({ schema, adapterFactory: options.adapterFactory });
  try {
    return await engine.diagnoseMigrationHistory({
      migrationsList: await readMigrationList(options.migrationsDir),
      optInToShadowDatabase: false,
      filters: { externalTables: [], externalEnums: [] },
    });
  } finally {
    engine.free();
  }
}

/** Human lines for a diagnosis, and whether the database needs attention. */
export function describeDiagnosis(diagnosis: DiagnoseMigrationHistoryOutput): {
  lines: string[];
  upToDate: boolean;
} {
  const lines: string[] = [];
  const { history, failedMigrationNames: failed, editedMigrationNames: edited } = diagnosis;
  if (failed.length > 0) {
    lines.push(
      `Failed migrations: ${failed.join(", ")} (see the logs column of _prisma_migrations; fix and run npm run db:reset in development, or mark them rolled back)`,
    );
  }
  if (edited.length > 0) {
    lines.push(`Edited after they were applied: ${edited.join(", ")}`);
  }
  if (history?.diagnostic === "databaseIsBehind") {
    lines.push(
      `Not yet applied: ${history.unappliedMigrationNames.join(", ")} (run npm run db:migrate)`,
    );
  } else if (history?.diagnostic === "migrationsDirectoryIsBehind") {
    lines.push(
      `Applied to the database but missing from prisma/migrations: ${history.unpersistedMigrationNames.join(", ")}`,
    );
  } else if (history?.diagnostic === "historiesDiverge") {
    lines.push(
      `The database and prisma/migrations diverge after ${history.lastCommonMigrationName ?? "the start"}: ` +
        `only in the database: ${history.unpersistedMigrationNames.join(", ") || "none"}; ` +
        `only in the folder: ${history.unappliedMigrationNames.join(", ") || "none"}`,
    );
  }
  const upToDate = lines.length === 0;
  if (upToDate) lines.push("Database schema is up to date.");
  return { lines, upToDate };
}
