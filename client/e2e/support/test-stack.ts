import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "@app/server/config.ts";
import { createLogger } from "@app/server/log.ts";
import { startStack } from "@app/server/stack.ts";

export interface TestStack {
  apiUrl: string;
  kratosPublicUrl: string;
  /** The mail catcher's Mailpit-compatible API, where Kratos's codes arrive. */
  mailApiUrl: string;
  close(): Promise<void>;
}

/**
 * What `npm start` runs (Ory emulator, PGlite, migrations, demo users, API) on its
 * usual ports, with state in a fresh temporary folder so every run starts clean.
 */
export async function startTestStack(): Promise<TestStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "client-e2e-"));
  // A fixed environment, not process.env: the journeys need the embedded stack.
  const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: "test", LOG_LEVEL: "warn" });
  try {
    const stack = await startStack(config, createLogger(config.LOG_LEVEL));
    if (!stack.mail) throw new Error("the embedded stack started without its mail catcher");
    return {
      mailApiUrl: stack.mail.api,
      apiUrl: stack.url,
      kratosPublicUrl: stack.ory.kratosPublic,
      async close() {
        await stack.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
