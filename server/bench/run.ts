/**
 * `npm run bench`: throughput, latency and what each request asks of Keto
 * (calls, check rounds, tuples checked, sequential rounds) for project lists
 * as the owner sees them, nested, sparse among thousands of hidden rows and
 * through groups; with authorization as shipped, done naively, off, and in
 * two other list designs. A script, not a test: it asserts only that every
 * answer is the right page, then prints the goal table with this run's figures.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import type { AppDependencies } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { type Database, openPglite, openPostgres } from "../src/db/client.ts";
import { createTestDatabase } from "../src/db/test-database.ts";
import { createServices } from "../src/services.ts";
import { goalSummary } from "./goals.ts";
import {
  httpTarget,
  type Instruments,
  inProcessTarget,
  measureInTurns,
  type Target,
} from "./measure.ts";
import { requestLogMeter } from "./meter.ts";
import { type BenchApp, buildApp, type ModeName, modeDescriptions, modeNames } from "./modes.ts";
import { type BenchOptions, parseOptions, UsageError, usage } from "./options.ts";
import { startOry } from "./ory.ts";
import { designComparison, type Row, resultsTable, type Transport } from "./report.ts";
import type { Scenario } from "./scenarios.ts";
import { Seeder } from "./seed.ts";
import { signPeopleIn, stages } from "./world.ts";

const say = (line: string) => process.stderr.write(`${line}\n`);
const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

/**
 * Measures each scenario's rows, its modes taking turns, in-process and (if
 * asked) over HTTP; Keto's added latency is on while it does.
 */
async function measure(
  scenarios: Scenario[],
  apps: Map<ModeName, BenchApp>,
  instruments: Instruments,
  options: BenchOptions,
): Promise<Row[]> {
  const chosen = scenarios.filter((scenario) => options.scenarios.includes(scenario.group));
  if (chosen.length === 0) return [];
  const rows: Row[] = [];
  await instruments.ory.setKetoLatency(options.ketoLatencyMs);
  for (const scenario of chosen) {
    const modes = options.modes ?? scenario.modes;
    const app = (mode: ModeName) => apps.get(mode) as BenchApp;
    const ways: [Transport, () => Promise<Target[]>, number, BenchOptions][] = [
      [
        "in-process",
        async () => modes.map((mode) => inProcessTarget(app(mode), scenario, mode)),
        1,
        options,
      ],
    ];
    if (options.http === "all" || (options.http === "scenario" && scenario.http)) {
      ways.push([
        `http x${options.concurrency}`,
        () => Promise.all(modes.map((mode) => httpTarget(app(mode), scenario, mode))),
        options.concurrency,
        // Throughput is a steady state: these rows run for their whole time, whatever the count.
        { ...options, requests: Number.POSITIVE_INFINITY },
      ]);
    }
    for (const [transport, open, concurrency, budget] of ways) {
      const targets = await open();
      try {
        const results = await measureInTurns(targets, budget, concurrency, instruments);
        for (const [index, result] of results.entries()) {
          const mode = modes[index];
          rows.push({ scenario: scenario.name, mode, transport, result });
          say(
            `  ${scenario.name} | ${mode} | ${transport}: ${result.reqPerSec.toFixed(1)} req/s, ` +
              `p50 ${result.p50Ms.toFixed(1)} ms, Keto ${result.perRequest.ketoTotal.toFixed(1)} calls, ` +
              `${result.sequentialRounds.toFixed(1)} sequential, ${result.tuplesChecked.toFixed(1)} tuples`,
          );
        }
      } finally {
        for (const target of targets) await target.close();
      }
    }
  }
  await instruments.ory.setKetoLatency(0);
  return rows;
}

async function main(options: BenchOptions): Promise<void> {
  const started = Date.now();
  const loadAtStart = load();
  say(`load average at start: ${loadAtStart}`);
  const ory = await startOry(options.keto);
  const testDatabase = await createTestDatabase(options.database);
  const db: Database =
    testDatabase.target.kind === "pg"
      ? openPostgres(testDatabase.target.url)
      : openPglite(testDatabase.target.db);
  const apps = new Map<ModeName, BenchApp>();
  const meter = requestLogMeter();
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "info",
    CURSOR_SECRET: randomBytes(32).toString("base64"),
  });
  const services = createServices({ config, log: meter.log, db, ory: ory.urls });
  try {
    const deps: AppDependencies = {
      ...services,
      config,
      health: { isAcceptingTraffic: () => true, isDatabaseReachable: () => db.isReachable() },
    };
    for (const mode of modeNames) {
      apps.set(
        mode,
        buildApp(mode, {
          deps,
          ketoReadUrl: ory.urls.ketoRead,
          timeoutMs: config.ORY_TIMEOUT_MS,
        }),
      );
    }
    const instruments: Instruments = { ory, meter };
    const seeder = new Seeder(apps.get("batched") as BenchApp, db.prisma, ory.urls);
    let seeding = 0;
    const seed = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
      const since = Date.now();
      say(`seeding ${what} ...`);
      const result = await work();
      seeding += Date.now() - since;
      say(`  seeded in ${seconds(since)}`);
      return result;
    };

    const people = await seed("people", () => signPeopleIn(seeder));
    const rows: Row[] = [];
    for (const stage of stages(seeder, people)) {
      const scenarios = await seed(stage.what, () => stage.seed());
      rows.push(...(await measure(scenarios, apps, instruments, options)));
    }

    const loadAtEnd = load();
    say(`load average at end: ${loadAtEnd}`);
    const cpus = os.cpus();
    const problems = [...meter.problems()].map(([message, times]) => `- ${times}× "${message}"`);
    const lines = [
      `machine: ${cpus.length} cores (${cpus[0]?.model.trim()}), Node ${process.version}; load average ${loadAtStart} at start, ${loadAtEnd} at end`,
      `Ory: the emulator ${ory.placement === "process" ? "in its own process (sockets on 127.0.0.1)" : "in the API's process"}, Keto answers delayed ${options.ketoLatencyMs} ms while measuring${options.probeLatencyMs > 0 ? `; the sequential-rounds probe sends ${options.probePairs} pairs of requests per in-process row, one of each pair with Keto ${options.probeLatencyMs} ms slower still` : ""}`,
      `database: ${options.database}; budget per row: ${options.warmup} warm-up, then ${options.minRequests}..${options.requests} requests within ${options.seconds} s, in ${options.slices} slices taking turns with the query's other modes`,
      "",
      ...[...new Set(rows.map((row) => row.mode))].map(
        (mode) => `- ${mode}: ${modeDescriptions[mode]}`,
      ),
      "",
      resultsTable(rows),
      "",
      "List designs, in-process (p50 / Keto calls per request / sequential Keto rounds / page):",
      "",
      designComparison(rows),
      "",
      "Goals:",
      "",
      goalSummary(rows, options.concurrency),
      "",
      problems.length > 0
        ? `Warnings and errors the API logged:\n${problems.join("\n")}`
        : "The API logged no warnings or errors.",
      "",
      `took ${seconds(started)} (seeding ${(seeding / 1000).toFixed(0)} s)`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    for (const app of apps.values()) await app.dispose();
    await services.outbox.stop();
    await db.close();
    await testDatabase.drop();
    await ory.close();
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
