import { existsSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { type Database, openPglite, openPostgres } from "../../server/src/db/client.ts";
import { runOutboxCommand } from "../../server/src/outbox/command.ts";
import { type DatabaseLocation, databaseLocation, describeLocation } from "./database-target.ts";

// Entry point of `npm run outbox`: the same database the API and `npm run db:*` use.
// PGlite is one process: with the embedded database, stop `npm start` first.
let location: DatabaseLocation;
try {
  location = databaseLocation(process.env);
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(64);
}
if (location.kind === "pglite" && !existsSync(location.dir)) {
  console.error(`No embedded database at ${describeLocation(location)}; npm start creates it.`);
  process.exit(1);
}
const db: Database =
  location.kind === "pg"
    ? openPostgres(location.url)
    : openPglite(await PGlite.create(location.dir));
let code = 1;
try {
  code = await runOutboxCommand(process.argv.slice(2), db.prisma, {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await db.close();
}
process.exit(code);
