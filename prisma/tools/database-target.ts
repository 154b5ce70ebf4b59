import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "../..");

/** Where the db commands act: the server in DATABASE_URL, else the embedded PGlite data dir. */
export type DatabaseLocation = { kind: "pg"; url: string } | { kind: "pglite"; dir: string };

export function databaseLocation(env: NodeJS.ProcessEnv): DatabaseLocation {
  if (env.DATABASE_URL) return { kind: "pg", url: validPostgresUrl(env.DATABASE_URL) };
  // Same place the server keeps it (server/src/config.ts: DATA_DIR, default .data).
  return { kind: "pglite", dir: path.resolve(repoRoot, env.DATA_DIR || ".data", "db") };
}

export function validPostgresUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  if (!url || !/^postgres(ql)?:$/.test(url.protocol) || url.hostname === "") {
    throw new UsageError(
      `DATABASE_URL is not a PostgreSQL URL (${redact(value)}); expected postgresql://user@host:5432/database`,
    );
  }
  return value;
}

export function describeLocation(location: DatabaseLocation): string {
  return location.kind === "pg"
    ? `PostgreSQL ${redact(location.url)}`
    : `embedded PGlite ${path.relative(process.cwd(), location.dir) || location.dir}`;
}

function redact(url: string): string {
  return url.replace(/(\/\/[^/@:]*:)[^/@]*@/, "$1***@");
}

/** Bad input from the command line or environment: printed as one line, exit 64. */
export class UsageError extends Error {
  override name = "UsageError";
}
