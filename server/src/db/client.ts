import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { Config } from "../config.ts";
import { PrismaClient } from "../generated/prisma/client.ts";
import { type MigrationTarget, migrateDatabase } from "./migrate.ts";

export type { PrismaClient };

export interface Database {
  prisma: PrismaClient;
  target: MigrationTarget;
  /** "postgresql" for a server, "pglite" for the embedded one; shown at start-up. */
  kind: "postgresql" | "pglite";
  migrate(log?: (line: string) => void): Promise<{ applied: string[] }>;
  /** True when a trivial query answers; used by /health/ready. */
  isReachable(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * PostgreSQL when DATABASE_URL is set, otherwise PGlite: on disk under the data
 * dir, or in memory for `memory://`. Both take the same migrations.
 */
export async function openDatabase(
  config: Pick<Config, "DATABASE_URL" | "dataDir">,
): Promise<Database> {
  if (config.DATABASE_URL) return openPostgres(config.DATABASE_URL);
  const dir = path.join(config.dataDir, "db");
  mkdirSync(dir, { recursive: true });
  return openPglite(await PGlite.create(dir));
}

export function openPostgres(url: string): Database {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  return wrap(prisma, { kind: "pg", url }, "postgresql", () => prisma.$disconnect());
}

export function openPglite(db: PGlite): Database {
  const prisma = new PrismaClient({
    adapter: new PrismaPGlite(db),
    // PGlite is one connection, so transactions queue behind each other; give them room.
    transactionOptions: { maxWait: 10_000, timeout: 20_000 },
  });
  return wrap(prisma, { kind: "pglite", db }, "pglite", async () => {
    await prisma.$disconnect();
    await db.close();
  });
}

function wrap(
  prisma: PrismaClient,
  target: MigrationTarget,
  kind: Database["kind"],
  close: () => Promise<void>,
): Database {
  return {
    prisma,
    target,
    kind,
    migrate: (log) => migrateDatabase(target, { log }),
    async isReachable() {
      try {
        await prisma.$queryRaw`SELECT 1`;
        return true;
      } catch {
        return false;
      }
    },
    close,
  };
}
