/**
 * `npm run bench`: throughput, latency and Ory calls per request for project
 * lists of 1, 10 and 100, with authorization as shipped, done naively, and
 * off. A script, not a test: it asserts only that every response is correct.
 */
import os from "node:os";
import { loadConfig } from "../src/config.ts";
import { startTestApi, type TestApi, type TestUser } from "../src/testing/api-harness.ts";
import { type Budget, measureInProcess, measureOverHttp } from "./measure.ts";
import { type BenchApp, buildApp, type ModeName, modeDescriptions } from "./modes.ts";
import { type BenchOptions, parseOptions, UsageError, usage } from "./options.ts";
import { markdownTable, type Row } from "./report.ts";
import type { Scenario } from "./scenarios.ts";
import { createProjects, shareWith, spreadEvenly } from "./seed.ts";

const say = (line: string) => process.stderr.write(`${line}\n`);

function machine(): string {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
  return `${cpus.length} cores (${cpus[0]?.model.trim()}), Node ${process.version}, load average ${load}`;
}

/** The viewer's own projects, with nothing hidden among them. */
function ownListScenarios(owner: TestUser, sizes: number[], total: number): Scenario[] {
  return sizes.flatMap((first) =>
    [true, false].map((withViewerCan) => ({
      name: `projects(first: ${first})${withViewerCan ? " + viewerCan" : ""}`,
      viewer: owner,
      first,
      withViewerCan,
      expectedEdges: Math.min(first, total),
    })),
  );
}

async function runRows(
  api: TestApi,
  apps: Map<ModeName, BenchApp>,
  scenarios: Scenario[],
  options: BenchOptions,
): Promise<Row[]> {
  const budget: Budget = { ...options };
  const rows: Row[] = [];
  for (const ketoLatencyMs of options.ketoLatencies) {
    await api.emulator.faults.set("keto", { latencyMs: ketoLatencyMs });
    for (const scenario of scenarios) {
      for (const [mode, app] of apps) {
        const counters = api.emulator.counters;
        const runs: Row[] = [
          {
            scenario: scenario.name,
            mode,
            ketoLatencyMs,
            transport: "in-process",
            result: await measureInProcess(app, scenario, budget, counters),
          },
        ];
        if (options.http) {
          runs.push({
            scenario: scenario.name,
            mode,
            ketoLatencyMs,
            transport: `http x${options.concurrency}`,
            result: await measureOverHttp(app, scenario, budget, counters),
          });
        }
        for (const row of runs) {
          const r = row.result;
          say(
            `  ${row.scenario} | ${mode} | +${ketoLatencyMs}ms | ${row.transport}: ` +
              `${r.reqPerSec.toFixed(1)} req/s, p50 ${r.p50Ms.toFixed(1)} ms, ` +
              `Keto ${r.perRequest.ketoTotal.toFixed(1)}/req`,
          );
        }
        rows.push(...runs);
      }
    }
  }
  await api.emulator.faults.clear("keto");
  return rows;
}

async function main(options: BenchOptions): Promise<void> {
  const started = Date.now();
  say(`machine: ${machine()}`);
  const api = await startTestApi({ database: options.database });
  try {
    const config = loadConfig({ LOG_LEVEL: "silent", NODE_ENV: "test" });
    const deps = {
      ...api.services,
      config,
      health: { isAcceptingTraffic: () => true, isDatabaseReachable: () => api.db.isReachable() },
    };
    const apps = new Map<ModeName, BenchApp>(
      options.modes.map((mode) => [
        mode,
        buildApp(mode, {
          deps,
          ketoReadUrl: api.emulator.urls.ketoRead,
          timeoutMs: config.ORY_TIMEOUT_MS,
        }),
      ]),
    );
    const owner = await api.signUp("Bench Owner");
    const sharedWith = await api.signUp("Bench Reader");

    // Stage 1: the owner's 100 projects, nothing hidden.
    let seeding = Date.now();
    say("seeding 100 projects ...");
    const firstHundred = await createProjects(api, owner, 100, "Own");
    say(`  seeded in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
    const rows = await runRows(
      api,
      apps,
      ownListScenarios(owner, options.sizes, firstHundred.length),
      options,
    );

    // Stage 2: 150 more; the reader may see 100 of the 250, spread among hidden ones.
    say("seeding 150 more projects, sharing 100 of 250 ...");
    const all = [...firstHundred, ...(await createProjects(api, owner, 150, "More"))];
    seeding = Date.now();
    await shareWith(api, owner, spreadEvenly(all, 100), sharedWith);
    say(`  seeded in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
    const hidden: Scenario = {
      name: "projects(first: 100) + viewerCan, 100 visible of 250",
      viewer: sharedWith,
      first: 100,
      withViewerCan: true,
      expectedEdges: 100,
    };
    rows.push(...(await runRows(api, apps, [hidden], options)));

    for (const app of apps.values()) await app.dispose();
    const lines = [
      `machine: ${machine()}`,
      `database: ${options.database}; budget per row: ${options.warmup} warm-up, then ${options.minRequests}..${options.requests} requests within ${options.seconds} s`,
      "",
      ...options.modes.map((mode) => `- ${mode}: ${modeDescriptions[mode]}`),
      "",
      markdownTable(rows),
      "",
      `took ${((Date.now() - started) / 1000).toFixed(0)} s`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await api.close();
  }
}

let options: BenchOptions | null;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError || error instanceof TypeError)) throw error;
  say(`bench: ${error.message}\n\n${usage}`);
  process.exit(2);
}
if (options === null) {
  say(usage);
} else {
  await main(options);
}
