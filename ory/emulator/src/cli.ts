/** `ory-emulator [options]`: runs the emulator until SIGINT / SIGTERM (options: cli-options.ts). */
import { parseArgs } from "node:util";
import { cliOptions, usage } from "./cli-options.ts";
import { type OryEmulator, PRODUCTION_REFUSAL, startOryEmulator } from "./index.ts";
import { isServiceName } from "./services.ts";

async function main(): Promise<void> {
  if (process.env.NODE_ENV === "production") {
    console.error(PRODUCTION_REFUSAL);
    process.exit(1);
  }
  let values: ReturnType<typeof parseOptions>["values"];
  try {
    values = parseOptions().values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage()}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage());
    return;
  }
  if (values.only !== undefined && !isServiceName(values.only)) {
    console.error(`--only must be "keto" or "kratos"\n${usage()}`);
    process.exit(2);
  }

  const emulator = await startOryEmulator({
    ketoConfig: values["keto-config"],
    kratosConfig: values["kratos-config"],
    only: values.only,
    dataDir: values["data-dir"],
    ephemeralPorts: values["ephemeral-ports"],
    apiKey: values["api-key"],
    projectPort: values["project-port"] === undefined ? undefined : Number(values["project-port"]),
    mail: values["no-mail"]
      ? false
      : {
          webPort: values["mail-port"] === undefined ? undefined : Number(values["mail-port"]),
          apiPort:
            values["mail-api-port"] === undefined ? undefined : Number(values["mail-api-port"]),
        },
  });
  if (values.json) console.log(JSON.stringify(emulator.urls));
  else printBanner(emulator, values["data-dir"]);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (!values.json) console.log(`${signal}: shutting down`);
    await emulator.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

function printBanner(emulator: OryEmulator, dataDir: string | undefined): void {
  console.log("Ory emulator (Kratos and Keto v26.2.0 APIs) is listening:");
  for (const line of emulator.describe()) console.log(`  ${line}`);
  console.log(dataDir ? `State is kept in ${dataDir}` : "State is in memory only.");
}

function parseOptions() {
  return parseArgs({ options: cliOptions, strict: true });
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
