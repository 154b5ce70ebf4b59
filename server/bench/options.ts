import { parseArgs } from "node:util";
import { type ModeName, modeNames } from "./modes.ts";

export const scenarioGroups = [
  "own",
  "nested",
  "sparse-1k",
  "few",
  "sparse-10k",
  "groups",
] as const;
export type ScenarioGroup = (typeof scenarioGroups)[number];

export interface BenchOptions {
  requests: number;
  minRequests: number;
  seconds: number;
  warmup: number;
  slices: number;
  keto: "process" | "in-process";
  ketoLatencyMs: number;
  probeLatencyMs: number;
  probePairs: number;
  /** Every scenario in these modes; absent, each scenario's own modes. */
  modes: ModeName[] | undefined;
  scenarios: ScenarioGroup[];
  /** Which rows are also measured over HTTP. */
  http: "scenario" | "all" | "none";
  concurrency: number;
  database: "pglite" | "pg";
}

export const usage = `npm run bench -- [options]

  --keto K            process (default): the Ory emulator in its own process, reached over
                      sockets as the API reaches Ory in production; in-process: in the API's
                      own process and event loop
  --keto-latency MS   added to every Keto answer while measuring (default 1)
  --probe-latency MS  added on top for the sequential-rounds probe of in-process rows
                      (default 30; 0 skips the probe)
  --probe-pairs N     request pairs per row in that probe (default 5)
  --modes M           run every scenario in these of ${modeNames.join(",")}
                      (default: each scenario's own modes, see docs/benchmarks.md)
  --scenarios S       any of ${scenarioGroups.join(",")}
                      (default all; the world is seeded in full either way)
  --http H            scenario (default: the rows the goals read), all, or none: rows also
                      measured over HTTP on 127.0.0.1
  --concurrency C     requests in flight in the HTTP rows (default 4)
  --requests N        measured requests per in-process row at most (default 60); rows over
                      HTTP measure throughput, so they always run for --seconds
  --min-requests N    measured requests per row at least (default 5)
  --seconds S         wall time per row at most, past the minimum (default 3)
  --warmup N          unmeasured requests before each row (default 2)
  --slices N          parts each row is measured in, taking turns with the other modes of its
                      query so that load on the machine falls on all alike (default 4)
  --database D        pglite (default, as npm start) or pg (TEST_DATABASE_URL's server)
  --help`;

export class UsageError extends Error {}

function integer(flag: string, value: string, min: number, max: number): number {
  const number = Number(value.trim());
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(`--${flag} expects an integer from ${min} to ${max}, got "${value}"`);
  }
  return number;
}

function listOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T[] {
  const items = value.split(",").map((item) => item.trim());
  const unknown = items.filter((item) => !(allowed as readonly string[]).includes(item));
  if (unknown.length > 0) throw new UsageError(`--${flag}: unknown ${unknown.join(", ")}`);
  return items as T[];
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} is ${allowed.join(" or ")}, got "${value}"`);
  }
  return value as T;
}

/** Reads the command line; throws UsageError with a one-line reason. Returns null for --help. */
export function parseOptions(argv: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      requests: { type: "string", default: "60" },
      "min-requests": { type: "string", default: "5" },
      seconds: { type: "string", default: "3" },
      warmup: { type: "string", default: "2" },
      slices: { type: "string", default: "4" },
      keto: { type: "string", default: "process" },
      "keto-latency": { type: "string", default: "1" },
      "probe-latency": { type: "string", default: "30" },
      "probe-pairs": { type: "string", default: "5" },
      modes: { type: "string" },
      scenarios: { type: "string", default: scenarioGroups.join(",") },
      http: { type: "string", default: "scenario" },
      concurrency: { type: "string", default: "4" },
      database: { type: "string", default: "pglite" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return null;
  return {
    requests: integer("requests", values.requests, 1, 1_000_000),
    minRequests: integer("min-requests", values["min-requests"], 1, 1_000_000),
    seconds: integer("seconds", values.seconds, 1, 3_600),
    warmup: integer("warmup", values.warmup, 0, 1_000),
    slices: integer("slices", values.slices, 1, 100),
    keto: oneOf("keto", values.keto, ["process", "in-process"] as const),
    ketoLatencyMs: integer("keto-latency", values["keto-latency"], 0, 10_000),
    probeLatencyMs: integer("probe-latency", values["probe-latency"], 0, 10_000),
    probePairs: integer("probe-pairs", values["probe-pairs"], 1, 1_000),
    modes: values.modes === undefined ? undefined : listOf("modes", values.modes, modeNames),
    scenarios: listOf("scenarios", values.scenarios, scenarioGroups),
    http: oneOf("http", values.http, ["scenario", "all", "none"] as const),
    concurrency: integer("concurrency", values.concurrency, 1, 256),
    database: oneOf("database", values.database, ["pglite", "pg"] as const),
  };
}
