import { parseArgs } from "node:util";
import { type ModeName, modeNames } from "./modes.ts";

export interface BenchOptions {
  requests: number;
  minRequests: number;
  seconds: number;
  warmup: number;
  ketoLatencies: number[];
  modes: ModeName[];
  sizes: number[];
  http: boolean;
  concurrency: number;
  database: "pglite" | "pg";
}

export const usage = `npm run bench -- [options]

  --requests N        measured requests per row at most (default 40)
  --min-requests N    measured requests per row at least (default 5)
  --seconds S         wall time per row at most, past the minimum (default 2)
  --warmup N          unmeasured requests before each row (default 2)
  --keto-latency L    added Keto latency in ms, a list runs each (default 0; e.g. 0,5)
  --modes M           any of ${modeNames.join(",")} (default all)
  --sizes N           projects per page, each 1..100 (default 1,10,100)
  --http              also measure over HTTP on 127.0.0.1
  --concurrency C     requests in flight in the HTTP runs (default 4)
  --database D        pglite (default, as npm start) or pg (TEST_DATABASE_URL's server)
  --help`;

export class UsageError extends Error {}

function integers(flag: string, value: string, min: number, max: number): number[] {
  const numbers = value.split(",").map((item) => Number(item.trim()));
  if (numbers.some((n) => !Number.isInteger(n) || n < min || n > max)) {
    throw new UsageError(`--${flag} expects integers from ${min} to ${max}, got "${value}"`);
  }
  return numbers;
}

const one = (flag: string, value: string, min: number, max = 1_000_000) =>
  integers(flag, value, min, max)[0];

/** Reads the command line; throws UsageError with a one-line reason. Returns null for --help. */
export function parseOptions(argv: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      requests: { type: "string", default: "40" },
      "min-requests": { type: "string", default: "5" },
      seconds: { type: "string", default: "2" },
      warmup: { type: "string", default: "2" },
      "keto-latency": { type: "string", default: "0" },
      modes: { type: "string", default: modeNames.join(",") },
      sizes: { type: "string", default: "1,10,100" },
      http: { type: "boolean", default: false },
      concurrency: { type: "string", default: "4" },
      database: { type: "string", default: "pglite" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return null;
  const modes = values.modes.split(",").map((mode) => mode.trim());
  const unknown = modes.filter((mode) => !(modeNames as readonly string[]).includes(mode));
  if (unknown.length > 0) throw new UsageError(`unknown mode(s): ${unknown.join(", ")}`);
  if (values.database !== "pglite" && values.database !== "pg") {
    throw new UsageError(`--database is pglite or pg, got "${values.database}"`);
  }
  return {
    requests: one("requests", values.requests, 1),
    minRequests: one("min-requests", values["min-requests"], 1),
    seconds: one("seconds", values.seconds, 1, 3_600),
    warmup: one("warmup", values.warmup, 0),
    ketoLatencies: integers("keto-latency", values["keto-latency"], 0, 10_000),
    modes: modes as ModeName[],
    sizes: integers("sizes", values.sizes, 1, 100),
    http: values.http,
    concurrency: one("concurrency", values.concurrency, 1, 256),
    database: values.database,
  };
}
