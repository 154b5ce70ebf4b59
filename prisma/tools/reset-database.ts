import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { DatabaseLocation } from "./database-target.ts";

// What `prisma migrate reset` does on PostgreSQL: drop the schema with everything in it
// (tables, types, _prisma_migrations) and create it empty again.
const dropEverything = 'DROP SCHEMA IF EXISTS "public" CASCADE; CREATE SCHEMA "public";';

export async function emptyDatabase(location: DatabaseLocation): Promise<void> {
  if (location.kind === "pglite") {
    const db = await PGlite.create(location.dir);
    try {
      await db.exec(dropEverything);
    } finally {
      await db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  try {
    await client.query(dropEverything);
  } finally {
    await client.end();
  }
}
