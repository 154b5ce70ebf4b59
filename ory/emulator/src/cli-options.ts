import { DEFAULT_KETO_CONFIG, DEFAULT_KRATOS_CONFIG } from "./index.ts";

/**
 * The options of `ory-emulator`, each declared once with the line `--help` prints for it, so
 * the help cannot leave one out.
 */
export const cliOptions = {
  "kratos-config": {
    type: "string",
    value: "FILE",
    help: `kratos.yml to serve (default ${DEFAULT_KRATOS_CONFIG} under the working directory)`,
  },
  "keto-config": {
    type: "string",
    value: "FILE",
    help: `keto.yml with the OPL it points at (default ${DEFAULT_KETO_CONFIG} under the working directory)`,
  },
  only: { type: "string", value: "keto|kratos", help: "start one half only" },
  "data-dir": {
    type: "string",
    value: "DIR",
    help: "keep state as JSON files in DIR across restarts (default: in memory)",
  },
  "ephemeral-ports": {
    type: "boolean",
    help: "bind free ports instead of the configured ones (print them with --json)",
  },
  "api-key": {
    type: "string",
    value: "KEY",
    help: "answer like Ory Network: admin and Keto ports need Authorization: Bearer KEY",
  },
  "project-port": {
    type: "string",
    value: "PORT",
    help: "also serve everything on one port routed by path, like an Ory Network project URL (0: any)",
  },
  "no-mail": { type: "boolean", help: "do not start the mail catcher that receives Kratos's mail" },
  "mail-port": {
    type: "string",
    value: "PORT",
    help: "the mail catcher's inbox page (default 4436, like the compose Mailpit)",
  },
  "mail-api-port": {
    type: "string",
    value: "PORT",
    help: "the mail catcher's Mailpit-compatible HTTP API (default 4437)",
  },
  json: { type: "boolean", help: "print the bound URLs as one JSON line instead of the banner" },
  help: { type: "boolean", short: "h", help: "print this help and exit" },
} as const;

export function usage(): string {
  const lines = Object.entries(cliOptions).map(([name, option]) => {
    const flag = `--${name}${"value" in option ? ` ${option.value}` : ""}`;
    return `  ${flag.padEnd(24)} ${option.help}`;
  });
  return [
    "usage: ory-emulator [options]",
    "Ory Kratos and Keto v26.2.0 APIs in one process, for development and tests.",
    "",
    ...lines,
  ].join("\n");
}
