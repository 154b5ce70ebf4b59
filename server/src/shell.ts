import repl from "node:repl";
import { loadConfig, redactCredentials } from "./config.ts";
import { openDatabase } from "./db/client.ts";

// `npm run shell`: a REPL with the app's config and Prisma client, like `flask shell`.
// The embedded database is one process's at a time: stop `npm start` first.
const config = loadConfig();
const db = await openDatabase(config);
console.log(
  `Connected to ${config.DATABASE_URL ? redactCredentials(config.DATABASE_URL) : `PGlite in ${config.dataDir}/db`}.`,
  "\nIn scope: prisma, config. Try: await prisma.user.findMany()",
);
const session = repl.start({ prompt: "api> " });
Object.assign(session.context, { prisma: db.prisma, config });
session.on("exit", () => {
  db.close().then(() => process.exit(0));
});
