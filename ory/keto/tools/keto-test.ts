/**
 * `npm run keto:test [-- suite.yaml|folder …]`: runs the permission model's assertion suites
 * (ory/keto/tests/*.yaml by default) and prints one row per assertion. Against the emulator,
 * started per suite with ory/keto/keto.yml; with KETO_READ_URL and KETO_WRITE_URL set, against
 * that Keto instead. Exits 1 when an assertion fails (or Keto refuses it), 2 when a suite cannot be read or its
 * tuples cannot be written.
 */
import { resolve } from "node:path";
import { explainKetoError } from "./keto-errors.ts";
import { emulatorTarget, type KetoTarget, remoteTarget } from "./keto-target.ts";
import { failureReport, resultTable } from "./report.ts";
import { type AssertionResult, runSuite } from "./run-suite.ts";
import { loadSuite, SuiteError, suiteFiles } from "./suite.ts";

const DEFAULT_SUITES = resolve(import.meta.dirname, "../tests");

function targetFromEnvironment(): KetoTarget {
  const { KETO_READ_URL: read, KETO_WRITE_URL: write } = process.env;
  if (!read && !write) return emulatorTarget();
  if (!read || !write) {
    throw new SuiteError("Set both KETO_READ_URL and KETO_WRITE_URL to test a running Keto.");
  }
  return remoteTarget(read, write);
}

async function main(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(
      "Usage: npm run keto:test [-- suite.yaml|folder ...]  (default: ory/keto/tests)\n" +
        "Runs against the in-process emulator, or against the Keto at KETO_READ_URL and KETO_WRITE_URL.",
    );
    return 0;
  }
  const target = targetFromEnvironment();
  const files = await suiteFiles(args.length > 0 ? args : [DEFAULT_SUITES]);
  const suites = await Promise.all(files.map(loadSuite));
  const results: AssertionResult[] = [];
  for (const suite of suites) results.push(...(await runSuite(suite, target)));

  const failed = results.filter((result) => !result.ok).length;
  console.log(`Permission model suites against ${target.description}\n`);
  console.log(resultTable(results));
  console.log(
    `\n${results.length - failed} of ${results.length} assertions hold in ${suites.length} suites.`,
  );
  if (failed > 0) console.log(`\n${failureReport(results)}`);
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (error: unknown) => {
    console.error(error instanceof SuiteError ? error.message : await explainKetoError(error));
    process.exitCode = 2;
  },
);
