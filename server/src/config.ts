import path from "node:path";
import { z } from "zod";

/**
 * The repository root (the app's root in the image): `.data/`, `prisma/migrations`, `client/dist`
 * and `ory/` are found from here. This file is `server/src/config.ts`, and in the production
 * build it is part of `dist/server/main.js`: both sit two levels below the root.
 */
export const repoRoot = path.resolve(import.meta.dirname, "../..");

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return /^postgres(ql)?:$/.test(url.protocol) && url.hostname !== "";
  } catch {
    return false;
  }
}, "expected a URL like postgresql://user@host:5432/database");

const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" });

const port = z.coerce
  .number({ error: "expected a port number" })
  .int("expected an integer port")
  .min(0, "expected a port between 0 (any free port) and 65535")
  .max(65535, "expected a port between 0 (any free port) and 65535");

const positiveInt = z.coerce
  .number({ error: "expected a number" })
  .int("expected an integer")
  .positive("expected a positive integer");

/** An origin exactly as browsers send it: scheme, host and port only; never `null` or `*`. */
const origin = z.string().refine((value) => {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}, "expected origins like https://app.example.com (scheme, host and optional port; no path, no *, no null)");

const flag = z
  .enum(["true", "false"], { error: "expected true or false" })
  .transform((value) => value === "true");

const csv = z.string().transform((value) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean),
);

const env = z.object({
  /** Unset is neither mode: errors are masked unless "development" is asked for by name. */
  NODE_ENV: z.enum(["development", "test", "production"]).optional(),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: port.default(4000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATABASE_URL: postgresUrl.optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  KRATOS_PUBLIC_URL: httpUrl.optional(),
  KRATOS_ADMIN_URL: httpUrl.optional(),
  KETO_READ_URL: httpUrl.optional(),
  KETO_WRITE_URL: httpUrl.optional(),
  /** Ory Network: the project's URL, which serves Kratos and Keto alike (instead of the four URLs). */
  ORY_SDK_URL: httpUrl.optional(),
  /** Ory Network API key: sent on admin and Keto calls, never on public (browser-facing) ones. */
  ORY_API_KEY: z.string().min(1).optional(),
  /** The session cookie's name (`session.cookie.name` in kratos.yml). */
  KRATOS_SESSION_COOKIE: z
    .string()
    .regex(/^[\w.-]+$/, "expected a cookie name")
    .default("ory_kratos_session"),
  /** Kratos's public URL as browsers reach it, when it differs from KRATOS_PUBLIC_URL. */
  KRATOS_BROWSER_URL: httpUrl.optional(),
  /** Browser origins allowed to call the API with credentials. */
  CORS_ORIGINS: csv.pipe(z.array(origin)).default(["http://127.0.0.1:4000"]),
  /** Key material for sealed list cursors; every replica needs the same one. */
  CURSOR_SECRET: z
    .string()
    .min(32, "expected at least 32 characters (e.g. `openssl rand -base64 32`)")
    .optional(),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  /**
   * Tuples per Keto batch-check call, at most Keto's `limit.max_batch_check_size` (100 in
   * ory/keto/keto.yml; Keto's own default is 10). A Keto with a smaller limit refuses larger
   * batches, and its limit is used from then on.
   */
  KETO_BATCH_SIZE: positiveInt.default(100),
  /**
   * A second Keto's read API, running a candidate permission model over the same tuples:
   * every batch of checks is asked there too, after the real answer and out of band, and
   * disagreements are logged and counted (docs/permissions.md, "Trying a candidate model").
   */
  KETO_SHADOW_READ_URL: httpUrl.optional(),
  /** Cache active Kratos sessions across requests for this long; 0 turns the cache off. */
  SESSION_CACHE_TTL_MS: z.coerce
    .number({ error: "expected a number of milliseconds" })
    .int("expected an integer")
    .min(0, "expected 0 (off) or more")
    .default(0),
  SESSION_CACHE_MAX_ENTRIES: positiveInt.default(10_000),
  /** Whether people who sign up may read the welcome page (they join Group:everyone). */
  NEW_USERS_READ_HOMEPAGE: flag.default(false),
  /** GraphiQL at /graphql for browsers; unset, it is on except with NODE_ENV=production. */
  GRAPHIQL: flag.optional(),
  /**
   * Whether X-Forwarded-Proto may be believed: only when every request comes through a proxy
   * that sets it (and drops a client's own). Requests it marks https get HSTS.
   */
  TRUST_FORWARDED_PROTO: flag.default(false),
  /** How long a Kratos or Keto call may take before the request fails closed. */
  ORY_TIMEOUT_MS: positiveInt.default(3_000),
  /**
   * Distinct permission checks one request may send to Keto; beyond it checks
   * deny with AUTHZ_BUDGET_EXCEEDED. Raise it if Keto has capacity for larger pages.
   */
  AUTHZ_CHECK_BUDGET: positiveInt.default(2_000),
  /**
   * Answer a list's checks from Keto's listings of the viewer's tuples: yes where their own
   * tuples grant the permit, no where nothing they or their groups hold could (decisions 0030,
   * 0031), by the API's generated model. Turn it off while Keto runs another model: one that
   * grants less would let lists show what Keto denies; one that grants more keeps its new
   * grants out of lists until the API has them (docs/permissions.md, "Changing the model").
   * Every check then goes to Keto.
   */
  KETO_LISTING_ANSWERS: flag.default(true),
  /** Times Keto may refuse an outbox row for good (400, 404) before it is dead-lettered. */
  OUTBOX_MAX_ATTEMPTS: positiveInt.default(5),
  /** GraphQL requests executing at once; more wait in a short queue or are refused (OVERLOADED). */
  MAX_CONCURRENT_REQUESTS: positiveInt.default(32),
  /** Requests waiting for a slot; beyond this they are refused at once. */
  MAX_QUEUED_REQUESTS: z.coerce
    .number({ error: "expected a number" })
    .int("expected an integer")
    .min(0, "expected 0 (no queue) or more")
    .default(64),
  /** How long a request may wait for a slot before it is refused. */
  REQUEST_QUEUE_TIMEOUT_MS: positiveInt.default(1_000),
});

/** Every variable the API reads; `.env.example` and the README list each of them. */
export const configVariables = Object.keys(env.shape);

const oryUrlNames = [
  "KRATOS_PUBLIC_URL",
  "KRATOS_ADMIN_URL",
  "KETO_READ_URL",
  "KETO_WRITE_URL",
] as const;

export interface OryUrls {
  kratosPublic: string;
  kratosAdmin: string;
  ketoRead: string;
  ketoWrite: string;
  /** Sent as `Authorization: Bearer` on Kratos admin and Keto calls (Ory Network). */
  apiKey?: string;
}

export type Config = Omit<
  z.infer<typeof env>,
  (typeof oryUrlNames)[number] | "ORY_SDK_URL" | "ORY_API_KEY" | "GRAPHIQL"
> & {
  /** GRAPHIQL as given, or on unless NODE_ENV=production. */
  GRAPHIQL: boolean;
  /** Absolute directory for embedded state (PGlite data, emulator state). */
  dataDir: string;
  /** Real Ory endpoints; absent in embedded mode, where the emulator supplies them. */
  ory: OryUrls | undefined;
};

/** Variables whose values are never repeated in an error message. */
const secretNames = new Set(["CURSOR_SECRET", "ORY_API_KEY"]);

/** Keeps passwords in connection strings out of error messages and logs. */
export function redactCredentials(value: string): string {
  return value.replace(/(\/\/[^/@:]*:)[^/@]*@/, "$1***@");
}

/** The same server and path, whatever the trailing slash. */
const sameUrl = (a: string, b: string) => {
  const normal = (value: string) => new URL(value).href.replace(/\/$/, "");
  return normal(a) === normal(b);
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Production runs on PostgreSQL and real Ory only: without their settings it would quietly
 * start the embedded PGlite (data in a local folder) or the Ory emulator (which refuses anyway).
 * Everything missing is named at once, so one attempt shows the whole list.
 */
function requireProductionSettings(
  settings: Pick<z.infer<typeof env>, "DATABASE_URL" | "CURSOR_SECRET">,
  oryGiven: boolean,
) {
  const missing: string[] = [];
  const reasons: string[] = [];
  if (settings.DATABASE_URL === undefined) missing.push("DATABASE_URL");
  if (!oryGiven) missing.push(`${oryUrlNames.join(", ")} (or ORY_SDK_URL)`);
  if (missing.length > 0) {
    reasons.push("production runs on PostgreSQL and real Ory, never on PGlite or the Ory emulator");
  }
  if (settings.CURSOR_SECRET === undefined) {
    missing.push("CURSOR_SECRET");
    reasons.push("replicas share one CURSOR_SECRET, kept across restarts, or page cursors break");
  }
  if (missing.length > 0) {
    throw new ConfigError(`NODE_ENV=production needs ${missing.join(", ")}: ${reasons.join("; ")}`);
  }
}

/**
 * Reads and validates the environment. Throws a ConfigError whose message is
 * one line naming the offending variable, so start-up can print it and stop.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset" for env files and shells alike.
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = env.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? "environment");
    const value = present[name];
    const shown =
      value === undefined || secretNames.has(name)
        ? ""
        : ` ${JSON.stringify(redactCredentials(value))}`;
    throw new ConfigError(`Invalid ${name}${shown}: ${issue.message}`);
  }
  const {
    KRATOS_PUBLIC_URL,
    KRATOS_ADMIN_URL,
    KETO_READ_URL,
    KETO_WRITE_URL,
    ORY_SDK_URL,
    ORY_API_KEY,
    ...rest
  } = parsed.data;
  const given = oryUrlNames.filter((name) => parsed.data[name] !== undefined);
  if (ORY_SDK_URL !== undefined && given.length > 0) {
    throw new ConfigError(
      "ORY_SDK_URL and the four Ory URLs are alternatives: set ORY_SDK_URL for Ory Network, or KRATOS_PUBLIC_URL, KRATOS_ADMIN_URL, KETO_READ_URL and KETO_WRITE_URL for self-hosted Ory",
    );
  }
  if (given.length > 0 && given.length < oryUrlNames.length) {
    const missing = oryUrlNames.filter((name) => !given.includes(name));
    throw new ConfigError(
      `Incomplete Ory settings: ${given.join(", ")} set but ${missing.join(", ")} missing (set all four for real Ory, or none for the emulator)`,
    );
  }
  if (ORY_API_KEY !== undefined && ORY_SDK_URL === undefined && given.length === 0) {
    throw new ConfigError(
      "ORY_API_KEY is set but no Ory URL is: set ORY_SDK_URL (Ory Network) or the four Ory URLs",
    );
  }
  const ory: OryUrls | undefined = ORY_SDK_URL
    ? {
        kratosPublic: ORY_SDK_URL,
        kratosAdmin: ORY_SDK_URL,
        ketoRead: ORY_SDK_URL,
        ketoWrite: ORY_SDK_URL,
        apiKey: ORY_API_KEY,
      }
    : given.length === 0
      ? undefined
      : {
          kratosPublic: KRATOS_PUBLIC_URL as string,
          kratosAdmin: KRATOS_ADMIN_URL as string,
          ketoRead: KETO_READ_URL as string,
          ketoWrite: KETO_WRITE_URL as string,
          apiKey: ORY_API_KEY,
        };
  if (rest.NODE_ENV === "production") requireProductionSettings(rest, ory !== undefined);
  if (ory && rest.KETO_SHADOW_READ_URL && sameUrl(rest.KETO_SHADOW_READ_URL, ory.ketoRead)) {
    throw new ConfigError(
      "KETO_SHADOW_READ_URL is the Keto the API already asks: point it at a second Keto that runs the candidate model",
    );
  }
  return {
    ...rest,
    GRAPHIQL: rest.GRAPHIQL ?? rest.NODE_ENV !== "production",
    dataDir: path.resolve(repoRoot, rest.DATA_DIR),
    ory,
  };
}
