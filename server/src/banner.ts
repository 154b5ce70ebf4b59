import { type Config, redactCredentials } from "./config.ts";
import type { Stack } from "./stack.ts";

/** How unexpected errors reach clients, and how to get the other behaviour. */
function errorMode(nodeEnv: Config["NODE_ENV"]): string {
  if (nodeEnv === "development") {
    return "shown with causes and stack traces (NODE_ENV=development; unset it to mask them)";
  }
  const mode = nodeEnv ? `NODE_ENV=${nodeEnv}` : "NODE_ENV unset";
  return `masked (${mode}; set NODE_ENV=development to show their causes)`;
}

/** Production is asked for by name; unset, `npm start` is a development run. */
function runMode(nodeEnv: Config["NODE_ENV"]): string {
  if (nodeEnv) return `${nodeEnv} (NODE_ENV=${nodeEnv})`;
  return "development (NODE_ENV unset; a deployment sets NODE_ENV=production)";
}

/** What `npm start` prints once the stack is up: where things are and how it runs. */
export function banner(
  stack: Pick<Stack, "url" | "ory" | "embeddedOry" | "demoLogins" | "cursorSecretFile" | "mail">,
  config: Pick<Config, "DATABASE_URL" | "dataDir" | "NODE_ENV" | "CURSOR_SECRET" | "GRAPHIQL">,
): string {
  const rows = [
    ["Mode", runMode(config.NODE_ENV)],
    ["App (browser)", `${stack.url}/`],
    [config.GRAPHIQL ? "GraphQL + GraphiQL" : "GraphQL", `${stack.url}/graphql`],
    ["Health", `${stack.url}/health/ready`],
    [
      "Database",
      config.DATABASE_URL
        ? redactCredentials(config.DATABASE_URL)
        : `PGlite in ${config.dataDir}/db`,
    ],
    [stack.embeddedOry ? "Ory emulator: Kratos" : "Kratos", stack.ory.kratosPublic],
    [stack.embeddedOry ? "Ory emulator: Keto" : "Keto", stack.ory.ketoRead],
    ...(stack.mail ? [["Mail (Kratos's codes)", stack.mail.inbox]] : []),
    ["Unexpected errors", errorMode(config.NODE_ENV)],
    [
      "Page cursors",
      config.CURSOR_SECRET
        ? "sealed with CURSOR_SECRET"
        : stack.cursorSecretFile
          ? `sealed with the key kept in ${stack.cursorSecretFile}`
          : "sealed with a key made at start-up (set CURSOR_SECRET to keep them across restarts)",
    ],
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
