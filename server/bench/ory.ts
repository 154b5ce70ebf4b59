import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { createInterface } from "node:readline";
import { type OryUrls, startOryEmulator } from "@app/ory-emulator";
import { repoRoot } from "../src/config.ts";

/** Requests the emulator saw, per service and `METHOD /path`, as its control API reports them. */
export type CounterSnapshot = Record<"keto" | "kratos", Record<string, number>>;

/** The Ory emulator the API under test talks to, wherever it runs, and its test hooks. */
export interface OryUnderTest {
  urls: OryUrls;
  /** Where it runs: its own process (as Ory does in production) or the API's. */
  placement: "process" | "in-process";
  counters(): Promise<CounterSnapshot>;
  resetCounters(): Promise<void>;
  /** Delays every Keto answer (read and write ports) by this much; 0 removes the delay. */
  setKetoLatency(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startOry(placement: "process" | "in-process"): Promise<OryUnderTest> {
  return placement === "process" ? startEmulatorProcess() : startEmulatorHere();
}

async function startEmulatorHere(): Promise<OryUnderTest> {
  const emulator = await startOryEmulator({ ephemeralPorts: true });
  return {
    urls: emulator.urls,
    placement: "in-process",
    counters: async () => emulator.counters.snapshot(),
    resetCounters: async () => emulator.counters.reset(),
    setKetoLatency: (ms) =>
      ms > 0 ? emulator.faults.set("keto", { latencyMs: ms }) : emulator.faults.clear("keto"),
    close: () => emulator.close(),
  };
}

/**
 * `npm run emulator -- --ephemeral-ports --json` as a child process: the API
 * then reaches Keto and Kratos over real sockets in another process, whose
 * CPU work is not in the API's event loop. State stays in memory. Counters
 * and faults go through the emulator's control API on Keto's write port.
 */
async function startEmulatorProcess(): Promise<OryUnderTest> {
  const { NODE_ENV: _emulatorRefusesProduction, ...env } = process.env;
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(repoRoot, "ory/emulator/src/cli.ts"),
      "--ephemeral-ports",
      "--json",
    ],
    { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(`[emulator] ${chunk}`));
  // Should the bench die without reaching its cleanup, the emulator goes with it.
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);
  const urls = await firstJsonLine<OryUrls>(child);
  const control = (resource: "counters" | "faults", init: RequestInit = {}) =>
    fetch(new URL(`/__emulator/${resource}`, urls.ketoWrite), {
      ...init,
      headers: { "content-type": "application/json" },
    }).then(async (response) => {
      if (!response.ok) throw new Error(`emulator ${resource}: HTTP ${response.status}`);
      return response.json();
    });
  return {
    urls,
    placement: "process",
    counters: () => control("counters") as Promise<CounterSnapshot>,
    resetCounters: async () => {
      await control("counters", { method: "DELETE" });
    },
    setKetoLatency: async (ms) => {
      await control(
        "faults",
        ms > 0
          ? { method: "PUT", body: JSON.stringify({ keto: { latencyMs: ms } }) }
          : { method: "DELETE" },
      );
    },
    close: async () => {
      process.off("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
    },
  };
}

function firstJsonLine<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once("line", (line) => {
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`the emulator printed "${line}" instead of its URLs`));
      }
    });
    child.once("exit", (code, signal) =>
      reject(new Error(`the emulator exited (${signal ?? code}) before it was up`)),
    );
  });
}

export interface BenchUser {
  id: string;
  email: string;
  /** Session token from a native login; empty for people who never sign in. */
  token: string;
}

async function postJson(url: URL, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok)
    throw new Error(`${url.pathname}: HTTP ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * A bcrypt hash imported for people who never sign in: it matches no
 * password, and importing it spares the emulator hashing one (Kratos finds
 * people by email through their password credential, so they need one).
 */
const matchesNoPassword = `$2b$04$${"x".repeat(53)}`;

/**
 * A Kratos identity made through the admin API. With `signIn` it gets a
 * password and a session token from the native login flow, as a mobile app or
 * CLI would; without, it is someone others can add by email who never calls
 * the API.
 */
export async function createPerson(
  urls: OryUrls,
  name: string,
  signIn: boolean,
): Promise<BenchUser> {
  const email = `${randomUUID()}@bench.test`;
  const password = `pw-${randomUUID()}`;
  const identity = await postJson(new URL("/admin/identities", urls.kratosAdmin), {
    schema_id: "default",
    traits: { email, name },
    credentials: {
      password: { config: signIn ? { password } : { hashed_password: matchesNoPassword } },
    },
  });
  const id = identity.id as string;
  if (!signIn) return { id, email, token: "" };
  const flowResponse = await fetch(new URL("/self-service/login/api", urls.kratosPublic), {
    headers: { accept: "application/json" },
  });
  const flow = (await flowResponse.json()) as { id: string };
  const session = await postJson(
    new URL(`/self-service/login?flow=${flow.id}`, urls.kratosPublic),
    { method: "password", identifier: email, password },
  );
  return { id, email, token: session.session_token as string };
}
