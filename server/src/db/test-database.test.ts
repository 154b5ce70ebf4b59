import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";

describe("createTestDatabase", () => {
  let a: TestDatabase;
  let b: TestDatabase;
  // The first PGlite database of a process may have to build the template (an initdb).
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase("pglite"), createTestDatabase("pglite")]);
  });
  afterAll(async () => {
    await Promise.all([a?.drop(), b?.drop()]);
  });

  it("pglite: gives independent, migrated in-memory databases", async () => {
    await a.pglite?.query(
      `INSERT INTO "User" (id, email, name, "updatedAt") VALUES (gen_random_uuid(), 'a@x.test', 'A', now())`,
    );
    const count = async (db: typeof a) =>
      (await db.pglite?.query<{ n: number }>('SELECT count(*)::int AS n FROM "User"'))?.rows[0].n;
    expect(await count(a)).toBe(1);
    expect(await count(b)).toBe(0);
    expect(a.target).toEqual({ kind: "pglite", db: a.pglite });
  });

  it("pg: creates a migrated database with a random name and drops it", async () => {
    const db = await createTestDatabase("pg");
    const name = new URL(db.url ?? "").pathname.slice(1);
    const client = new pg.Client({ connectionString: db.url });
    client.on("error", () => {}); // the forced drop terminates it
    await client.connect();
    const { rows } = await client.query('SELECT count(*)::int AS n FROM "User"');
    expect(rows).toEqual([{ n: 0 }]);
    expect(db.target).toEqual({ kind: "pg", url: db.url });

    // Dropping works even while a connection is still open (WITH (FORCE)).
    await db.drop();
    await client.end().catch(() => {});
    const admin = new pg.Client({ connectionString: new URL("/postgres", db.url).toString() });
    await admin.connect();
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    await admin.end();
    expect(exists.rowCount).toBe(0);
  });
});
