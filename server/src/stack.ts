import type { Config, OryUrls } from "./config.ts";
import { openDatabase } from "./db/client.ts";
import { embeddedCursorSecret } from "./embedded-cursor-secret.ts";
import type { Logger } from "./log.ts";
import { ensureStartUpTuples } from "./outbox/start-up-tuples.ts";
import { everyoneGroup, groupMembers, insert } from "./outbox/tuples.ts";
import { startServer } from "./server.ts";

export interface Stack {
  url: string;
  ory: OryUrls;
  embeddedOry: boolean;
  databaseKind: string;
  demoLogins: { email: string; password: string; note: string }[];
  /** Where the embedded stack keeps its cursor key, when CURSOR_SECRET is not set. */
  cursorSecretFile?: string;
  /** The emulator's mail catcher, where recovery and verification codes land: its inbox page and its Mailpit-compatible API. */
  mail?: { inbox: string; api: string };
  close(): Promise<void>;
}

type EmbeddedStack = typeof import("./embedded.ts");

/**
 * Everything `npm start` runs: real Ory when its URLs are configured, the
 * emulator otherwise; the database migrated; demo data when embedded; the API.
 */
export async function startStack(config: Config, log: Logger): Promise<Stack> {
  // Loaded only without real Ory, and first, so that a build without it (server/build.ts)
  // refuses before anything has started or been written.
  const embedded = config.ory ? undefined : await import("./embedded.ts");
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  let mail: Stack["mail"];
  const startEmulator = async ({ startEmbeddedOry }: EmbeddedStack) => {
    const emulator = await startEmbeddedOry(config.dataDir);
    closers.push(() => emulator.close());
    if (emulator.urls.mailWeb && emulator.urls.mailApi) {
      mail = { inbox: emulator.urls.mailWeb, api: emulator.urls.mailApi };
    }
    return emulator.urls;
  };
  try {
    // The emulator and the database start independently; both take seconds, so overlap them.
    // allSettled, so that when one fails the other has finished and is closed too.
    const [oryStarted, dbOpened] = await Promise.allSettled([
      config.ory ?? startEmulator(embedded as EmbeddedStack),
      openDatabase(config).then((opened) => {
        closers.push(() => opened.close());
        return opened;
      }),
    ]);
    if (oryStarted.status === "rejected") throw oryStarted.reason;
    if (dbOpened.status === "rejected") throw dbOpened.reason;
    const [ory, db] = [oryStarted.value, dbOpened.value];
    const { applied } = await db.migrate((line) => log.info(line));
    if (applied.length > 0) log.info({ applied }, "migrations applied");

    if (config.NEW_USERS_READ_HOMEPAGE) {
      // Queued, so it lands even if Keto is still starting; only when Keto lacks it.
      await ensureStartUpTuples(db.prisma, ory, config.ORY_TIMEOUT_MS, log, [
        insert("App", "homepage", "readers", groupMembers(everyoneGroup)),
      ]);
    }
    const demoLogins = embedded ? await embedded.seedDemoData({ db, ory, log }) : [];

    const keptKey =
      config.ory || config.CURSOR_SECRET ? undefined : await embeddedCursorSecret(config.dataDir);
    const server = await startServer({
      config: keptKey ? { ...config, CURSOR_SECRET: keptKey.secret } : config,
      log,
      db,
      ory,
    });
    closers.push(() => server.close());

    return {
      url: server.url,
      ory,
      embeddedOry: !config.ory,
      databaseKind: db.kind,
      demoLogins,
      cursorSecretFile: keptKey?.file,
      mail,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
