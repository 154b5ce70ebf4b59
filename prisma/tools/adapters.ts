import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { UsageError } from "./database-target.ts";
import { pgliteSnapshot } from "./pglite-snapshot.ts";

// Adapter factories for the wasm schema engine. The engine uses `connect()` for the
// target database and `connectToShadowDb()` for a scratch database it replays the
// migrations into. The stock factories need a few repairs for that job (see
// docs/decisions/0001-migration-runner.md).

export type ShadowKind = "pglite" | "pg";

export function shadowKindFromEnv(env: NodeJS.ProcessEnv): ShadowKind {
  const value = env.SHADOW || "pglite";
  if (value !== "pglite" && value !== "pg") {
    throw new UsageError(`SHADOW must be "pglite" or "pg", got "${value}"`);
  }
  return value;
}

/** Target: the given PGlite; shadow: a fresh in-memory PGlite. */
export function pgliteFactory(main: PGlite): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: "postgres",
    adapterName: "pglite-prisma-adapter",
    connect: async () => awaitScripts(main, await new PrismaPGlite(main).connect()),
    connectToShadowDb: pgliteShadow,
  };
}

/**
 * For `new` and `check`, which only replay migrations into the shadow database: the engine
 * still opens and queries its target, so one in-memory PGlite, loaded from a snapshot of an
 * empty cluster, serves as both. Close it when the engine is done.
 */
export function scratchPgliteFactory(): SqlMigrationAwareDriverAdapterFactory & {
  close(): Promise<void>;
} {
  let db: Promise<PGlite> | undefined;
  const open = async () => {
    db ??= emptyPglite();
    const instance = await db;
    return awaitScripts(instance, await new PrismaPGlite(instance).connect());
  };
  return {
    provider: "postgres",
    adapterName: "pglite-prisma-adapter",
    connect: open,
    connectToShadowDb: open,
    close: async () => {
      if (db) await (await db).close();
    },
  };
}

/** Target: the PostgreSQL server at `url`; shadow: in-memory PGlite, or a temporary database there. */
export function pgFactory(url: string, shadow: ShadowKind): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: async () =>
      describeCharAsText(await new PrismaPg({ connectionString: url }).connect()),
    connectToShadowDb: shadow === "pglite" ? pgliteShadow : () => temporaryPgShadow(url),
  };
}

async function emptyPglite(): Promise<PGlite> {
  const snapshot = await pgliteSnapshot({ purpose: "empty", inputs: [], prepare: async () => {} });
  return PGlite.create({ loadDataDir: snapshot });
}

async function pgliteShadow(): Promise<SqlDriverAdapter> {
  const db = await emptyPglite();
  const adapter = awaitScripts(db, await new PrismaPGlite(db).connect());
  return withDispose(adapter, () => db.close());
}

// pglite-prisma-adapter 0.7.2 calls `exec(script)` without awaiting it, so a failing
// migration script would surface as an unhandled rejection instead of an engine error.
function awaitScripts(db: PGlite, adapter: SqlDriverAdapter): SqlDriverAdapter {
  return Object.assign(adapter, {
    executeScript: async (script: string) => {
      await db.exec(script);
    },
  });
}

// adapter-pg's own connectToShadowDb is unusable here: with a connection string it
// opens the shadow pool on the *main* database (the string overrides `database`), and
// it drops the shadow database before closing its pool, which fails and leaks it.
async function temporaryPgShadow(url: string): Promise<SqlDriverAdapter> {
  const name = `prisma_shadow_${crypto.randomUUID().replaceAll("-", "")}`;
  await withClient(url, (client) => client.query(`CREATE DATABASE "${name}"`));
  const shadowUrl = new URL(url);
  shadowUrl.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: shadowUrl.toString() });
  const adapter = describeCharAsText(await new PrismaPg(pool).connect());
  // adapter-pg splits scripts on ";", which breaks function bodies and string
  // literals; PostgreSQL runs a multi-statement script as one simple query.
  Object.assign(adapter, {
    executeScript: async (script: string) => {
      await pool.query(script);
    },
  });
  return withDispose(adapter, async () => {
    await pool.end();
    await withClient(url, (client) =>
      client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    );
  });
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function withDispose(adapter: SqlDriverAdapter, after: () => Promise<unknown>): SqlDriverAdapter {
  const dispose = adapter.dispose.bind(adapter);
  return Object.assign(adapter, {
    dispose: async () => {
      await dispose();
      await after();
    },
  });
}

const charOid = 18;
const textOid = 25;

// adapter-pg 7.10.1 has no column type for PostgreSQL's internal `"char"` (OID 18), which
// the engine's catalog queries return when it describes a real database. The engine
// only reads those values as strings, so reporting them as text is exact.
function describeCharAsText(adapter: SqlDriverAdapter): SqlDriverAdapter {
  type Queryable = { performIO(query: unknown): Promise<{ fields: { dataTypeID: number }[] }> };
  const patch = <T>(queryable: T): T => {
    const target = queryable as unknown as Queryable;
    const performIO = target.performIO.bind(target);
    target.performIO = async (query) => {
      const result = await performIO(query);
      for (const field of result.fields) {
        if (field.dataTypeID === charOid) field.dataTypeID = textOid;
      }
      return result;
    };
    return queryable;
  };
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) =>
    patch(await startTransaction(isolationLevel));
  return patch(adapter);
}
