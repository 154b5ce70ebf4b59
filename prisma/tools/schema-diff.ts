import { readFile } from "node:fs/promises";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { createSchemaEngine } from "./engine.ts";
import { readMigrationList } from "./migration-list.ts";

const noFilters = { externalTables: [], externalEnums: [] };

/**
 * The SQL that takes a database built from `migrationsDir` to `schemaPath`, or null when
 * they agree. Same engine call as `prisma migrate diff --from-migrations --to-schema
 * --script --exit-code`: the migrations are replayed into the shadow database.
 */
export async function missingMigrationSql(options: {
  schemaPath: string;
  migrationsDir: string;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  log?: (line: string) => void;
}): Promise<string | null> {
  const schema = {
    path: path.relative(process.cwd(), options.schemaPath),
    content: await readFile(options.schemaPath, "utf8"),
  };
  const engine = await createSchemaEngine({ ...options, schema });
  try {
    const result = await engine.diff({
      from: { tag: "migrations", ...(await readMigrationList(options.migrationsDir)) },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: true,
      filters: noFilters,
    });
    return result.exitCode === 2 ? (result.stdout ?? "") : null;
  } finally {
    engine.free();
  }
}
