import { parseArgs } from "node:util";

export interface SoakOptions {
  clients: number;
  /** Wall time of the traffic, split over the phases. */
  seconds: number;
  /** Users whose answers are compared with Keto's checks at the end. */
  sample: number;
  /** PostgreSQL instead of PGlite in a temporary data dir. */
  databaseUrl: string | undefined;
  /**
   * Steady load only, against the stack as `npm start` runs it: the emulator inside the API's
   * process, on Ory's default ports (run it in a network namespace).
   */
  embedded: boolean;
  /** Keep the temporary data dir (and the API's log) for a post-mortem. */
  keep: boolean;
}

export const usage = `npm run soak -- [options]
  --clients N      concurrent users, each signed up through Kratos (default 50)
  --seconds S      traffic wall time, split over the phases (default 60)
  --sample N       users whose answers are compared with Keto's own checks (default 12)
  --database URL   PostgreSQL URL (default: DATABASE_URL, else PGlite in a temporary dir)
  --embedded       steady load only, on the one-process stack of \`npm start\` (Ory's default
                   ports: run inside \`unshare -n\`)
  --keep           keep the temporary dir with the data and the API's log
  --help`;

export class UsageError extends Error {}

function integer(flag: string, value: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new UsageError(`--${flag} expects an integer from ${min} to ${max}, got "${value}"`);
  }
  return parsed;
}

/** Reads the command line; throws UsageError with a one-line reason. Returns null for --help. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): SoakOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      clients: { type: "string", default: "50" },
      seconds: { type: "string", default: "60" },
      sample: { type: "string", default: "12" },
      database: { type: "string" },
      embedded: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return null;
  return {
    clients: integer("clients", values.clients, 1, 1_000),
    seconds: integer("seconds", values.seconds, 14, 3_600),
    sample: integer("sample", values.sample, 1, 1_000),
    databaseUrl: values.database || env.DATABASE_URL || undefined,
    embedded: values.embedded,
    keep: values.keep,
  };
}
