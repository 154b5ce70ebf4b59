import path from "node:path";
import { seedDemoData } from "../../prisma/seed.ts";
import type { Config, OryUrls } from "./config.ts";
import { openDatabase } from "./db/client.ts";
import type { Logger } from "./log.ts";
import { startServer } from "./server.ts";

export interface Stack {
  url: string;
  ory: OryUrls;
  embeddedOry: boolean;
  databaseKind: string;
  demoLogins: { email: string; password: string; note: string }[];
  close(): Promise<void>;
}

/**
 * Everything `npm start` runs: real Ory when its URLs are configured, the
 * emulator otherwise; the database migrated; demo data when embedded; the API.
 */
export async function startStack(config: Config, log: Logger): Promise<Stack> {
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close();
  };
  try {
    let ory = config.ory;
    if (!ory) {
      // Loaded only here so a deployment against real Ory never touches it.
      const { startOryEmulator } = await import("../../ory/emulator/src/index.ts");
      const emulator = await startOryEmulator({ dataDir: path.join(config.dataDir, "ory") });
      closers.push(() => emulator.close());
      ory = emulator.urls;
    }

    const db = await openDatabase(config);
    closers.push(() => db.close());
    const { applied } = await db.migrate((line) => log.info(line));
    if (applied.length > 0) log.info({ applied }, "migrations applied");

    const demoLogins = config.ory ? [] : await seedDemoData({ prisma: db.prisma, ory, log });

    const server = await startServer({ config, log, db, ory });
    closers.push(() => server.close());

    return {
      url: server.url,
      ory,
      embeddedOry: !config.ory,
      databaseKind: db.kind,
      demoLogins,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
