import path from "node:path";
import { banner } from "./banner.ts";
import { type Config, ConfigError, loadConfig, repoRoot } from "./config.ts";
import { loadEnvFile } from "./env-file.ts";
import { createLogger } from "./log.ts";

function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

// `.env` beside package.json, if there is one; variables already set win.
loadEnvFile(path.join(repoRoot, ".env"));
const config = loadConfigOrExit();
const log = createLogger(config.LOG_LEVEL);
// Loaded after the config is known good, so a bad value fails fast and alone.
const { startStack } = await import("./stack.ts");
const stack = await startStack(config, log).catch((error: unknown) => {
  // A ConfigError here is a refusal made before anything started; it needs no stack trace.
  if (error instanceof ConfigError) console.error(error.message);
  else log.fatal({ err: error }, "start-up failed");
  process.exit(1);
});
console.log(banner(stack, config));

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    stack.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
