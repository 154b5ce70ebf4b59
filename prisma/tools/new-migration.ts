import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { lockfileContent, lockfileName } from "./migration-list.ts";
import { missingMigrationSql } from "./schema-diff.ts";

/** Prisma's folder naming: UTC yyyymmddhhmmss, then the name in snake case. */
export function migrationFolderName(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  return `${stamp}_${migrationSlug(name)}`;
}

export function migrationSlug(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!slug) throw new Error(`"${name}" is not a usable migration name; use letters, digits and _`);
  return slug;
}

/**
 * Writes `<migrationsDir>/<timestamp>_<name>/migration.sql` with the SQL that brings the
 * migrations up to the schema (what `prisma migrate dev --create-only` would write), and
 * the lockfile. Returns the folder, or null when the schema has no change to migrate.
 */
export async function createMigration(options: {
  name: string;
  schemaPath: string;
  migrationsDir: string;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  log?: (line: string) => void;
}): Promise<string | null> {
  const folder = migrationFolderName(options.name);
  const sql = await missingMigrationSql(options);
  if (sql === null) return null;
  const dir = path.join(options.migrationsDir, folder);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "migration.sql"), sql.endsWith("\n") ? sql : `${sql}\n`);
  await writeFile(path.join(options.migrationsDir, lockfileName), lockfileContent);
  return dir;
}
