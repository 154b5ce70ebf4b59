import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { repoRoot } from "../src/config.ts";

/** The four Ory base URLs, as the emulator prints them with `--json`. */
export interface OryUrls {
  kratosPublic: string;
  kratosAdmin: string;
  ketoRead: string;
  ketoWrite: string;
}

/** Runs a TypeScript entry point of this repository in a Node process of its own. */
function spawnTs(entry: string, args: string[], env: NodeJS.ProcessEnv, log: WriteStream) {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, entry), ...args], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr?.pipe(log, { end: false });
  return child;
}

/** Resolves with the first stdout line that `pick` accepts; rejects if the process exits first. */
function waitForLine<T>(
  child: ChildProcess,
  log: WriteStream,
  pick: (line: string) => T | undefined,
) {
  return new Promise<T>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    let found = false;
    lines.on("line", (line) => {
      log.write(`${line}\n`);
      if (found) return;
      const value = pick(line);
      if (value !== undefined) {
        found = true;
        resolve(value);
      }
    });
    child.once("exit", (code, signal) => {
      if (!found)
        reject(new Error(`${child.spawnfile} exited (${signal ?? code}) before it was up`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** Without NODE_ENV=production, which the emulator refuses; the rest of our environment as is. */
function environment(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const { NODE_ENV: _ignored, ...rest } = process.env;
  return { ...rest, ...extra };
}

export interface EmulatorProcess {
  urls: OryUrls;
  /** `PUT /__emulator/faults` (body like `{"keto": {"status": 500}}`); `null` clears all. */
  setFaults(faults: Record<string, unknown> | null): Promise<void>;
  stop(): Promise<void>;
}

/** The Ory emulator on free ports of 127.0.0.1, keeping its state in `dataDir`. */
export async function startEmulator(dataDir: string, log: WriteStream): Promise<EmulatorProcess> {
  const child = spawnTs(
    "ory/emulator/src/cli.ts",
    ["--ephemeral-ports", "--json", "--data-dir", dataDir],
    environment({}),
    log,
  );
  const urls = await waitForLine(child, log, (line) =>
    line.startsWith("{") ? (JSON.parse(line) as OryUrls) : undefined,
  );
  // The control API answers on both admin ports: use one whose service is not down.
  const down = { keto: false, kratos: false };
  const ports = {
    keto: [urls.ketoRead, urls.ketoWrite],
    kratos: [urls.kratosPublic, urls.kratosAdmin],
  };
  return {
    urls,
    async setFaults(faults) {
      const base = down.keto ? urls.kratosAdmin : urls.ketoWrite;
      const response = await fetch(new URL("/__emulator/faults", base), {
        method: faults === null ? "DELETE" : "PUT",
        headers: { "content-type": "application/json" },
        body: faults === null ? undefined : JSON.stringify(faults),
      });
      if (!response.ok) throw new Error(`emulator faults: HTTP ${response.status}`);
      // The emulator answers first and closes or reopens ports after: wait until they have.
      for (const service of ["keto", "kratos"] as const) {
        const nowDown = (faults?.[service] as { down?: boolean } | undefined)?.down === true;
        if (nowDown === down[service]) continue;
        down[service] = nowDown;
        for (const url of ports[service]) await untilPort(url, nowDown ? "closed" : "open");
      }
    },
    stop: () => stopChild(child),
  };
}

/** Polls a URL's port until it accepts connections, or until it refuses them. */
async function untilPort(url: string, state: "open" | "closed"): Promise<void> {
  const { hostname, port } = new URL(url);
  for (let attempt = 0; attempt < 500; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: hostname, port: Number(port) });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open === (state === "open")) return;
    await sleep(10);
  }
  throw new Error(`${url} did not become ${state}`);
}

export interface ApiProcessOptions {
  /** Absent: the API runs the emulator in its own process, as `npm start` does (Ory's ports). */
  ory: OryUrls | undefined;
  dataDir: string;
  databaseUrl: string | undefined;
  log: WriteStream;
}

/**
 * `server/src/main.ts` as a child process: started, stopped with SIGTERM as a deployment would,
 * and started again on the same data and the same port.
 */
export class ApiProcess {
  private child?: ChildProcess;
  private port = 0;
  /** One secret for every start, as replicas and restarts of a deployment share one. */
  private readonly cursorSecret = randomBytes(32).toString("base64url");
  /** Set when the process ended without being asked to. */
  unexpectedExit?: string;
  /** Where the API's Kratos public and Keto read APIs are, from its start-up banner. */
  kratosPublicUrl = "";
  ketoReadUrl = "";

  constructor(private readonly options: ApiProcessOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const { ory, dataDir, databaseUrl, log } = this.options;
    const child = spawnTs(
      "server/src/main.ts",
      [],
      environment({
        // Production needs real Ory and PostgreSQL; otherwise this runs as `npm start` does.
        NODE_ENV: ory && databaseUrl ? "production" : undefined,
        CURSOR_SECRET: this.cursorSecret,
        HOST: "127.0.0.1",
        PORT: String(this.port),
        LOG_LEVEL: "warn",
        DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        KRATOS_PUBLIC_URL: ory?.kratosPublic,
        KRATOS_ADMIN_URL: ory?.kratosAdmin,
        KETO_READ_URL: ory?.ketoRead,
        KETO_WRITE_URL: ory?.ketoWrite,
      }),
      log,
    );
    this.child = child;
    // The banner's rows: "GraphQL[ + GraphiQL] <url>/graphql", "[Ory emulator: ]Kratos <url>",
    // "[Ory emulator: ]Keto <url>", the last of the three.
    const banner: Record<string, string> = {};
    await waitForLine(child, log, (line) => {
      const row = line.match(
        /^\s+(?:Ory emulator: )?(GraphQL|Kratos|Keto)(?: \+ GraphiQL)?\s+(\S+)$/,
      );
      if (row) banner[row[1]] = row[2];
      return row?.[1] === "Keto" ? true : undefined;
    });
    this.port = Number(new URL(banner.GraphQL).port);
    this.kratosPublicUrl = banner.Kratos;
    this.ketoReadUrl = banner.Keto;
    child.once("exit", (code, signal) => {
      if (this.child === child) this.unexpectedExit = `API exited on its own (${signal ?? code})`;
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child) await stopChild(child);
  }
}

export const openLog = (file: string) => createWriteStream(file, { flags: "a" });
