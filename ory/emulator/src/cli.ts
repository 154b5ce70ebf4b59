import { parseArgs } from "node:util";
import { PRODUCTION_REFUSAL, startOryEmulator } from "./index.ts";
import { isServiceName } from "./services.ts";

/**
 * `npm run emulator -- [--keto-config FILE] [--kratos-config FILE] [--only keto|kratos]
 * [--data-dir DIR]`: runs the emulator on Ory's own ports until SIGINT / SIGTERM.
 */
const usage =
  "usage: npm run emulator -- [--keto-config FILE] [--kratos-config FILE] [--only keto|kratos] [--data-dir DIR]";

async function main(): Promise<void> {
  if (process.env.NODE_ENV === "production") {
    console.error(PRODUCTION_REFUSAL);
    process.exit(1);
  }
  let values: ReturnType<typeof parseOptions>["values"];
  try {
    values = parseOptions().values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  if (values.only !== undefined && !isServiceName(values.only)) {
    console.error(`--only must be "keto" or "kratos"\n${usage}`);
    process.exit(2);
  }

  const emulator = await startOryEmulator({
    ketoConfig: values["keto-config"],
    kratosConfig: values["kratos-config"],
    only: values.only,
    dataDir: values["data-dir"],
  });
  console.log("Ory emulator (Kratos and Keto v26.2.0 APIs) is listening:");
  for (const line of emulator.describe()) console.log(`  ${line}`);
  console.log(
    values["data-dir"] ? `State is kept in ${values["data-dir"]}` : "State is in memory only.",
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    await emulator.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

function parseOptions() {
  return parseArgs({
    options: {
      "keto-config": { type: "string" },
      "kratos-config": { type: "string" },
      only: { type: "string" },
      "data-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
