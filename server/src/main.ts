import { type Config, ConfigError, loadConfig, redactCredentials } from "./config.ts";
import { createLogger } from "./log.ts";
import type { Stack } from "./stack.ts";

function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

function banner(stack: Stack, config: Config): string {
  const rows = [
    ["GraphQL + GraphiQL", `${stack.url}/graphql`],
    ["Health", `${stack.url}/health/ready`],
    [
      "Database",
      config.DATABASE_URL
        ? redactCredentials(config.DATABASE_URL)
        : `PGlite in ${config.dataDir}/db`,
    ],
    [stack.embeddedOry ? "Ory emulator: Kratos" : "Kratos", stack.ory.kratosPublic],
    [stack.embeddedOry ? "Ory emulator: Keto" : "Keto", stack.ory.ketoRead],
  ];
  const lines = rows.map(([label, value]) => `  ${label.padEnd(24)} ${value}`);
  if (stack.demoLogins.length > 0) {
    lines.push("", "  Demo logins:");
    for (const login of stack.demoLogins) {
      lines.push(`    ${login.email.padEnd(22)} ${login.password.padEnd(16)} ${login.note}`);
    }
  }
  return ["", "Ory GraphQL API is up", ...lines, ""].join("\n");
}

const config = loadConfigOrExit();
const log = createLogger(config.LOG_LEVEL);
// Loaded after the config is known good, so a bad value fails fast and alone.
const { startStack } = await import("./stack.ts");
const stack = await startStack(config, log).catch((error: unknown) => {
  log.fatal({ err: error }, "start-up failed");
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
