import path from "node:path";
import { describeOryFailure } from "../auth/ory.ts";
import { ConfigError, loadConfig, repoRoot } from "../config.ts";
import { loadEnvFile } from "../env-file.ts";
import { runAccessCommand } from "./access-command.ts";

// Entry point of `npm run access`: the Ory the API is configured with, or the emulator that
// `npm start` runs on Ory's own ports when no Ory is configured (as `npm run db:seed` does).
loadEnvFile(path.join(repoRoot, ".env"));
let code = 1;
let emulated = false;
try {
  const config = loadConfig();
  emulated = config.ory === undefined;
  const ory = config.ory ?? {
    kratosPublic: "http://127.0.0.1:4433",
    kratosAdmin: "http://127.0.0.1:4434",
    ketoRead: "http://127.0.0.1:4466",
    ketoWrite: "http://127.0.0.1:4467",
  };
  code = await runAccessCommand(process.argv.slice(2), ory, {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`error: ${error.message}`);
    code = 64;
  } else {
    const hint = emulated
      ? " No Ory is configured, so this talks to the emulator of `npm start`: is it running?"
      : "";
    console.error(`error: Ory did not answer (${describeOryFailure(error)}).${hint}`);
    code = 69;
  }
}
process.exit(code);
