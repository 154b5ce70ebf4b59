import { type ChildProcess, execFile, spawn, spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { type OryEmulator, startOryEmulator } from "@app/ory-emulator";
import { FrontendApi, IdentityApi } from "@ory/client-fetch";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import persistedDocuments from "../client/src/gql/persisted-documents.json" with { type: "json" };
import { oryConfiguration } from "./src/auth/ory.ts";
import { repoRoot } from "./src/config.ts";
import { createEmptyPgDatabase } from "./src/db/test-database.ts";

/**
 * The production image, without Docker (none runs here): the Dockerfile is read, its runtime
 * stage is carried out in a temporary folder (its COPY and RUN lines, its ENV, then its CMD and
 * HEALTHCHECK), with the build stage's output made by the same build steps. The server then
 * runs in production mode against PostgreSQL and the Ory emulator, as a deployment's would.
 */

const run = promisify(execFile);

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's stages: instructions with continuation lines joined, comments dropped. */
function dockerfileStages(text: string): Instruction[][] {
  const stages: Instruction[][] = [];
  const lines = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  for (const line of lines) {
    const [, keyword, args] = line.match(/^(\w+)\s+(.*)$/) ?? [];
    if (keyword === "FROM") stages.push([]);
    stages.at(-1)?.push({ keyword, args: args.replace(/\s+/g, " ") });
  }
  return stages;
}

const stages = dockerfileStages(readFileSync(path.join(repoRoot, "Dockerfile"), "utf8"));
/** `FROM image [AS name]`: what a stage starts from, and its name. */
const fromOf = (stage: Instruction[]) => {
  const [base, , name] = stage[0].args.split(" ");
  return { base, name };
};
const buildStage = stages.find((stage) => fromOf(stage).name === "build") ?? [];
const runtimeStage = stages.at(-1) ?? [];
const all = (stage: Instruction[], keyword: string) =>
  stage.filter((instruction) => instruction.keyword === keyword).map(({ args }) => args);
const last = (stage: Instruction[], keyword: string) => all(stage, keyword).at(-1) ?? "";
/** `K=V K2=V2` as ENV writes it (the Dockerfile uses no quoted values). */
const envOf = (stage: Instruction[]) =>
  Object.fromEntries(
    all(stage, "ENV").flatMap((args) => args.split(" ").map((pair) => pair.split("="))),
  );

describe("the Dockerfile", () => {
  it("builds in one stage and runs in another, from one exact Node 20 image", () => {
    expect(buildStage).not.toEqual([]);
    expect(runtimeStage).not.toBe(buildStage);
    const names = new Set<string>();
    const images = new Set<string>();
    for (const stage of stages) {
      const { base, name } = fromOf(stage);
      if (!names.has(base)) {
        expect(base).toMatch(/^node:20\.\d+\.\d+-bookworm-slim$/);
        images.add(base);
      }
      if (name) names.add(name);
    }
    expect(images.size).toBe(1);
    const buildSteps = all(buildStage, "RUN").join(" && ");
    expect(buildSteps).toMatch(/npm ci\b/);
    expect(buildSteps).toMatch(/npm run build\b/);
  });

  it("installs with the npm this machine has, so the run below is the image's", () => {
    const pinned = stages
      .flatMap((stage) => all(stage, "RUN"))
      .map((command) => command.match(/npm install --global npm@(\S+)/)?.[1])
      .find(Boolean);
    const here = spawnSync("npm", ["--version"], { encoding: "utf8" }).stdout.trim();
    expect(pinned).toBe(here);
  });

  it("runs production mode as a non-root user, with a health check on /health/ready", () => {
    expect(envOf(runtimeStage).NODE_ENV).toBe("production");
    const user = last(runtimeStage, "USER").split(":")[0];
    expect(user).not.toBe("");
    expect(["root", "0"]).not.toContain(user);
    expect(last(runtimeStage, "HEALTHCHECK")).toMatch(/CMD \[.*\/health\/ready/);
    expect(all(runtimeStage, "EXPOSE")).toContain("4000");
    expect(JSON.parse(last(runtimeStage, "CMD"))).toEqual(["node", "dist/server/main.js"]);
  });

  it("ships no sources and no dev tooling: only the build stage's output and the migrations", () => {
    const copies = all(runtimeStage, "COPY");
    expect(copies).not.toContainEqual(expect.stringMatching(/^\.\s/));
    expect(copies).toEqual(
      expect.arrayContaining([
        "--from=build /app/dist dist",
        "--from=build /app/client/dist client/dist",
        "prisma/migrations prisma/migrations",
      ]),
    );
  });
});

let workDir: string;
/** What the build stage's /app holds after `npm run build`. */
let buildDir: string;
/** The runtime stage's /app. */
let appDir: string;
let dataDir: string;
let emulator: OryEmulator;
let database: Awaited<ReturnType<typeof createEmptyPgDatabase>>;
let server: ChildProcess;
let serverExit: Promise<number | null>;
let baseUrl: string;
/** The container's environment: the image's ENV, then what a deployment sets. */
let containerEnv: NodeJS.ProcessEnv;

/** The build stage's `npm run build`, writing where the build stage's /app has it. */
async function buildLikeTheBuildStage() {
  await Promise.all([
    // As client/e2e does: Vite keeps an existing NODE_ENV, and vitest's is "test".
    run(
      process.execPath,
      [
        path.join(repoRoot, "node_modules/vite/bin/vite.js"),
        "build",
        "--config",
        path.join(repoRoot, "client/vite.config.ts"),
        "--outDir",
        path.join(buildDir, "client/dist"),
        "--emptyOutDir",
        "--logLevel",
        "warn",
      ],
      { cwd: repoRoot, env: { ...process.env, NODE_ENV: "production" } },
    ),
    run(
      process.execPath,
      [
        "--import",
        "tsx",
        path.join(repoRoot, "server/build.ts"),
        "--outfile",
        path.join(buildDir, "dist/server/main.js"),
      ],
      { cwd: repoRoot },
    ),
  ]);
}

/**
 * The runtime stage's instructions up to CMD, with /app being `appDir`. Its install runs while
 * the build is still going; only copying from the build stage waits for it.
 */
async function carryOutRuntimeStage(built: Promise<unknown>) {
  const env: NodeJS.ProcessEnv = {};
  for (const { keyword, args } of runtimeStage) {
    if (keyword === "WORKDIR") expect(args).toBe("/app");
    if (keyword === "ENV") Object.assign(env, envOf([{ keyword, args }]));
    if (keyword === "COPY") {
      const words = args.split(" ");
      const fromBuild = words.includes("--from=build");
      if (fromBuild) await built;
      const [dest, ...sources] = words.filter((word) => !word.startsWith("--")).reverse();
      for (const source of sources) {
        const origin = fromBuild
          ? path.join(buildDir, path.relative("/app", source))
          : path.join(repoRoot, source);
        const target = path.join(appDir, dest);
        await cp(origin, dest.endsWith("/") ? path.join(target, path.basename(source)) : target, {
          recursive: true,
        });
      }
    }
    if (keyword === "RUN") {
      // A cache mount is a build-time cache: here the machine's own npm cache plays that part,
      // preferred to the registry.
      const command = args.replace(/^(--mount=\S+\s+)+/, "");
      await run("sh", ["-c", command], {
        cwd: appDir,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          npm_config_prefer_offline: "true",
          ...env,
        },
      });
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once the server prints its banner; rejects with its output if it exits first. */
function untilUp(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const output: string[] = [];
    child.stderr?.on("data", (chunk) => output.push(String(chunk)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      output.push(line);
      if (line === "Ory GraphQL API is up") resolve();
    });
    child.once("exit", (code) => reject(new Error(`exited (${code}):\n${output.join("\n")}`)));
  });
}

function startContainer(): ChildProcess {
  const [command, ...args] = JSON.parse(last(runtimeStage, "CMD")) as string[];
  expect(command).toBe("node");
  return spawn(process.execPath, args, {
    cwd: appDir,
    env: containerEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "image-"));
  buildDir = path.join(workDir, "build");
  appDir = path.join(workDir, "app");
  dataDir = path.join(workDir, "data");
  await mkdir(appDir, { recursive: true });
  const built = buildLikeTheBuildStage();
  const [started, created] = await Promise.all([
    startOryEmulator({ ephemeralPorts: true }),
    createEmptyPgDatabase(),
    carryOutRuntimeStage(built),
    built,
  ]);
  [emulator, database] = [started, created];

  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  containerEnv = {
    ...envOf(runtimeStage),
    DATABASE_URL: database.url,
    KRATOS_PUBLIC_URL: emulator.urls.kratosPublic,
    KRATOS_ADMIN_URL: emulator.urls.kratosAdmin,
    KETO_READ_URL: emulator.urls.ketoRead,
    KETO_WRITE_URL: emulator.urls.ketoWrite,
    CURSOR_SECRET: randomBytes(32).toString("base64url"),
    // Loopback rather than the image's 0.0.0.0: this machine is shared.
    HOST: "127.0.0.1",
    PORT: String(port),
    LOG_LEVEL: "warn",
    // Production writes nothing locally; the test checks this folder never appears.
    DATA_DIR: dataDir,
    TRUST_FORWARDED_PROTO: "true",
  };
  server = startContainer();
  serverExit = new Promise((resolve) => server.once("exit", resolve));
  await untilUp(server);
}, 300_000);

afterAll(async () => {
  if (server && server.exitCode === null) server.kill("SIGKILL");
  await emulator?.close();
  await database?.drop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** Runs one of the client's operations as the client does in production: by its stored hash. */
async function graphql(operation: string, variables: Record<string, unknown>, token?: string) {
  const [hash] = Object.entries(persistedDocuments).find(([, text]) =>
    text.includes(` ${operation}(`),
  ) as [string, string];
  const response = await fetch(`${baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token && { "x-session-token": token }) },
    body: JSON.stringify({
      variables,
      extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
    }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

/** A new Kratos identity and a session token from the native login flow. */
async function signUp(): Promise<string> {
  const email = `${randomUUID()}@example.test`;
  const password = `pw-${randomUUID()}`;
  await new IdentityApi(oryConfiguration(emulator.urls.kratosAdmin, 5_000)).createIdentity({
    createIdentityBody: {
      schema_id: "default",
      traits: { email, name: "Image Tester" },
      credentials: { password: { config: { password } } },
    },
  });
  const frontend = new FrontendApi(oryConfiguration(emulator.urls.kratosPublic, 5_000));
  const flow = await frontend.createNativeLoginFlow();
  const session = await frontend.updateLoginFlow({
    flow: flow.id,
    updateLoginFlowBody: { method: "password", identifier: email, password },
  });
  return session.session_token as string;
}

const builtScript = async () =>
  (await readdir(path.join(appDir, "client/dist/assets"))).find((name) => name.endsWith(".js"));

describe("the image's runtime stage, carried out by hand", () => {
  it("installs the server's production dependencies only, each at the lockfile's version", async () => {
    const installed = (name: string) => existsSync(path.join(appDir, "node_modules", name));
    for (const needed of ["@prisma/client", "@prisma/adapter-pg", "pg", "graphql-yoga"]) {
      expect(installed(needed), needed).toBe(true);
    }
    // Dev tools, Prisma's CLI, and the client's and the emulator's own dependencies.
    for (const absent of ["tsx", "vite", "esbuild", "prisma", "typescript", "react", "yaml"]) {
      expect(installed(absent), absent).toBe(false);
    }
    const repoLock = JSON.parse(await readFile(path.join(repoRoot, "package-lock.json"), "utf8"));
    const appLock = JSON.parse(await readFile(path.join(appDir, "package-lock.json"), "utf8"));
    for (const [key, entry] of Object.entries<{ version?: string }>(appLock.packages)) {
      if (key.startsWith("node_modules/")) {
        expect(entry.version, key).toBe(repoLock.packages[key]?.version);
      }
    }
  });

  it("applies every migration to a new database at start, and its HEALTHCHECK passes", async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL",
      );
      const folders = (await readdir(path.join(repoRoot, "prisma/migrations"))).filter(
        (name) => !name.endsWith(".toml"),
      );
      expect(rows.map((row) => row.migration_name).sort()).toEqual(folders.sort());
    } finally {
      await client.end();
    }
    const check = JSON.parse(last(runtimeStage, "HEALTHCHECK").replace(/^.*?CMD /, ""));
    const [command, ...args] = check as string[];
    expect(command).toBe("node");
    const result = spawnSync(process.execPath, args, { env: containerEnv, encoding: "utf8" });
    expect(result.status).toBe(0);
  });

  it("serves the client's trusted documents against real Ory: a new user creates a project and finds it listed", async () => {
    const token = await signUp();
    const created = await graphql("CreateProject", { input: { name: "Shipped" } }, token);
    expect(created).toMatchObject({
      data: {
        createProject: { __typename: "ProjectPayload", project: { id: expect.any(String) } },
      },
    });
    const listed = await graphql("Projects", { first: 10 }, token);
    expect(listed).toMatchObject({
      data: { projects: { edges: [{ node: { name: "Shipped", viewerCan: { manage: true } } }] } },
    });
  });

  it("serves the client's JavaScript precompressed, by what the browser accepts", async () => {
    const script = `/assets/${await builtScript()}`;
    const original = await readFile(path.join(appDir, "client/dist", script), "utf8");
    const cases: [accept: string, encoding: string | null][] = [
      ["gzip, deflate, br, zstd", "br"],
      ["gzip", "gzip"],
      ["br;q=0, gzip;q=1", "gzip"],
      ["identity", null],
    ];
    for (const [accept, encoding] of cases) {
      const response = await fetch(`${baseUrl}${script}`, {
        headers: { "accept-encoding": accept },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-encoding"), accept).toBe(encoding);
      expect(response.headers.get("vary")).toMatch(/Accept-Encoding/);
      // fetch undoes the coding, so this compares what the browser ends up with.
      expect(await response.text()).toBe(original);
    }
  });

  it("has no source maps, and answers a request for one with 404", async () => {
    for (const built of ["dist", "client/dist"]) {
      const files = await readdir(path.join(appDir, built), { recursive: true });
      expect(files.filter((file) => file.endsWith(".map"))).toEqual([]);
    }
    const response = await fetch(`${baseUrl}/assets/${await builtScript()}.map`);
    expect(response.status).toBe(404);
  });

  it("keeps GraphiQL off: a browser asking /graphql for a page gets none", async () => {
    const response = await fetch(`${baseUrl}/graphql`, { headers: { accept: "text/html" } });
    expect(response.status).toBe(406);
    expect(await response.text()).not.toContain("GraphiQL");
  });

  it("sends HSTS when the trusted proxy says the browser used https, and only then", async () => {
    const over = (proto?: string) =>
      fetch(`${baseUrl}/`, { headers: proto ? { "x-forwarded-proto": proto } : {} });
    expect((await over("https")).headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect((await over("http")).headers.has("strict-transport-security")).toBe(false);
    expect((await over()).headers.has("strict-transport-security")).toBe(false);
  });

  it("stops on SIGTERM with status 0, having written nothing locally", async () => {
    server.kill("SIGTERM");
    expect(await serverExit).toBe(0);
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe("the built server's refusals", () => {
  /** `node dist/server/main.js` as the image runs it, with only the given variables. */
  const startWith = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [path.join(appDir, "dist/server/main.js")], {
      cwd: appDir,
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, ...env },
      encoding: "utf8",
    });

  it("in production, names what is missing in one line and starts nothing", () => {
    const result = startWith({ NODE_ENV: "production" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^NODE_ENV=production needs DATABASE_URL, KRATOS_PUBLIC_URL, .*KETO_WRITE_URL \(or ORY_SDK_URL\), CURSOR_SECRET: /,
      ),
    ]);
    expect(existsSync(dataDir)).toBe(false);
  });

  it("outside production too, since the build has no Ory emulator", () => {
    const result = startWith({});
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^The built server runs against real Ory only: set KRATOS_PUBLIC_URL/),
    ]);
    expect(result.stdout).toBe("");
    expect(existsSync(dataDir)).toBe(false);
  });
});
