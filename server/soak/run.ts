import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { userSubject } from "../src/auth/vocabulary.ts";
import { openDatabase } from "../src/db/client.ts";
import { relationOf } from "../src/domain/app-access.ts";
import { insertTuples } from "../src/testing/keto-admin.ts";
import { SoakClient, type SoakUser, signUp, type World } from "./clients.ts";
import { graphql } from "./graphql-client.ts";
import { parseOptions, type SoakOptions, UsageError, usage } from "./options.ts";
import { ApiProcess, type EmulatorProcess, openLog, startEmulator } from "./processes.ts";
import { type DatabaseState, listKetoTuples, readDatabaseState, reconcile } from "./reconcile.ts";
import { Recorder, summarize } from "./recorder.ts";
import { printReport, verdict } from "./report.ts";
import { collectApiView, judgeView, ketoCheck, type ObjectRef } from "./visibility.ts";

/**
 * `npm run soak`: a bounded load-and-fault run on loopback. Starts the Ory emulator and the API
 * as child processes on free ports, drives many users' mixed traffic through a sequence of
 * faults, then reconciles the database with Keto and compares answers with Keto's checks.
 */

/** Phases in order, with their share of the traffic time and what is done at their start. */
interface Phase {
  name: string;
  share: number;
  fault?: Record<string, unknown>;
  restartApi?: boolean;
}

const phases: Phase[] = [
  { name: "steady", share: 2 },
  { name: "keto slow (+1500 ms)", share: 1.5, fault: { keto: { latencyMs: 1500 } } },
  { name: "keto erroring (500)", share: 1.5, fault: { keto: { status: 500 } } },
  { name: "keto down", share: 1.5, fault: { keto: { down: true } } },
  { name: "kratos down", share: 1.5, fault: { kratos: { down: true } } },
  { name: "api restart", share: 1.5, restartApi: true },
  { name: "recovered", share: 2 },
];

const stderr = (line: string) => process.stderr.write(`${line}\n`);

async function main(options: SoakOptions): Promise<number> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), "soak-"));
  const log = openLog(path.join(workDir, "processes.log"));
  stderr(`soak: ${options.clients} clients, ${options.seconds} s of traffic; logs in ${workDir}`);
  const emulator = options.embedded
    ? undefined
    : await startEmulator(path.join(workDir, "ory"), log);
  const api = new ApiProcess({
    ory: emulator?.urls,
    dataDir: path.join(workDir, "api"),
    databaseUrl: options.databaseUrl,
    log,
  });
  try {
    await api.start();
    stderr(`soak: API at ${api.url}, Keto at ${api.ketoReadUrl}`);
    const users = await signUpAll(api.kratosPublicUrl, options.clients);
    if (emulator && options.databaseUrl) await makeIntegrators(emulator.urls.ketoWrite, users);
    const recorder = new Recorder();
    await drive(options, users, recorder, api, emulator);

    stderr("soak: faults cleared; waiting for the outbox to reach Keto");
    const { state, drainRounds } = await drained(api, options, workDir);
    // Embedded, Keto lives in the API's process: it must be up to be read.
    if (options.embedded) await api.start();
    const tuples = await listKetoTuples(api.ketoReadUrl);
    const reconciliation = reconcile(state, tuples);

    stderr("soak: comparing answers with Keto's checks");
    if (!options.embedded) await api.start();
    const candidates = candidatesOf(state, tuples);
    const sample = users.slice(0, options.sample);
    const check = ketoCheck(api.ketoReadUrl);
    const discrepancies = { shownButDenied: [] as string[], allowedButMissing: [] as string[] };
    for (const user of sample) {
      const send = sendAs(api, user);
      const view = await collectApiView(send, candidates);
      const judged = await judgeView(view, user.id, candidates, check);
      discrepancies.shownButDenied.push(...judged.shownButDenied.map((d) => `${user.email}: ${d}`));
      discrepancies.allowedButMissing.push(
        ...judged.allowedButMissing.map((d) => `${user.email}: ${d}`),
      );
    }

    const report = {
      options,
      traffic: summarize(recorder),
      faultWindows: recorder.faultWindows,
      reconciliation,
      pendingTupleChanges: state.pendingTupleChanges,
      drainRounds,
      sampledUsers: sample.length,
      candidates: candidates.length,
      discrepancies,
      apiExitedOnItsOwn: api.unexpectedExit,
    };
    printReport(report);
    return verdict(report).ok ? 0 : 1;
  } finally {
    await api.stop();
    await emulator?.stop();
    log.end();
    if (!options.keep) rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * In production only integrators (`App:graphiql#use`) may send operations of their own, as
 * these clients do; the operator grants it, as `npm run access -- grant <email> graphiql` would.
 * App tuples are not among those the reconciliation compares with the database.
 */
async function makeIntegrators(ketoWriteUrl: string, users: SoakUser[]): Promise<void> {
  await insertTuples(
    ketoWriteUrl,
    users.map((user) => ({
      namespace: "App",
      object: "graphiql",
      relation: relationOf("graphiql", "ACCESS"),
      subject_set: userSubject(user.id),
    })),
  );
}

/** Kratos registration hashes passwords, so a few at a time. */
async function signUpAll(kratosPublicUrl: string, count: number): Promise<SoakUser[]> {
  const users: SoakUser[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 5 }, async () => {
      while (next < count) {
        const index = next++;
        users[index] = await signUp(kratosPublicUrl, index);
      }
    }),
  );
  stderr(`soak: ${users.length} users signed up through Kratos`);
  return users;
}

/** Runs every client through the phases, injecting each phase's fault at its start. */
async function drive(
  options: SoakOptions,
  users: SoakUser[],
  recorder: Recorder,
  api: ApiProcess,
  emulator: EmulatorProcess | undefined,
) {
  const plan = emulator ? phases : [{ name: "steady (embedded)", share: 1 }];
  const world: World = { users, projectIds: [] };
  let stopped = false;
  const clients = users.map((user) => new SoakClient(user, world, recorder, () => api.url));
  const running = clients.map((client) => client.run(() => stopped));
  const unit = (options.seconds * 1000) / plan.reduce((sum, phase) => sum + phase.share, 0);

  for (const phase of plan as Phase[]) {
    recorder.phase = phase.name;
    const phaseEnd = recorder.now() + phase.share * unit;
    stderr(`soak: phase "${phase.name}"`);
    const startMs = recorder.now();
    if (phase.fault) await emulator?.setFaults(phase.fault);
    if (phase.restartApi) {
      // Halfway into the phase, as a rolling deploy would: SIGTERM, then start on the same data.
      await sleep((phaseEnd - recorder.now()) / 3);
      const restartStart = recorder.now();
      await api.stop();
      await api.start();
      recorder.faultWindows.push({
        phase: phase.name,
        startMs: restartStart,
        endMs: recorder.now(),
      });
    }
    await sleep(Math.max(0, phaseEnd - recorder.now()));
    if (phase.fault) {
      await emulator?.setFaults(null);
      recorder.faultWindows.push({ phase: phase.name, startMs, endMs: recorder.now() });
    }
  }
  stopped = true;
  await Promise.all(running);
}

/**
 * Waits, bounded, until every tuple change the API committed has reached Keto. PGlite has one
 * owner, so the API is stopped to read the database; while rows are pending it is started again
 * to deliver them (a start sends what a previous run left) and the database is read anew.
 */
async function drained(api: ApiProcess, options: SoakOptions, workDir: string) {
  const waits = [0, 2_000, 5_000, 10_000, 20_000];
  let state: DatabaseState | undefined;
  let rounds = 0;
  for (const wait of waits) {
    rounds += 1;
    if (wait > 0) {
      await api.start();
      await sleep(wait);
    }
    await api.stop();
    const db = await openDatabase({
      DATABASE_URL: options.databaseUrl,
      dataDir: path.join(workDir, "api"),
    });
    try {
      state = await readDatabaseState(db.prisma);
    } finally {
      await db.close();
    }
    if (state.pendingTupleChanges === 0) break;
    stderr(`soak: ${state.pendingTupleChanges} tuple changes still pending`);
  }
  return { state: state as DatabaseState, drainRounds: rounds };
}

/** Every object either side knows of: rows in the database and objects of Keto's tuples. */
function candidatesOf(
  state: DatabaseState,
  tuples: Awaited<ReturnType<typeof listKetoTuples>>,
): ObjectRef[] {
  const refs = new Map<string, ObjectRef>();
  const add = (ref: ObjectRef) => {
    const key = `${ref.type}:${ref.id}`;
    refs.set(key, { ...refs.get(key), ...ref });
  };
  for (const id of state.projects) add({ type: "Project", id });
  for (const id of state.groups) add({ type: "Group", id });
  for (const document of state.documents) {
    add({ type: "Document", id: document.id, projectId: document.projectId });
  }
  for (const tuple of tuples) {
    if (tuple.namespace === "Project") add({ type: "Project", id: tuple.object });
    if (tuple.namespace === "Group" && tuple.object !== "everyone") {
      add({ type: "Group", id: tuple.object });
    }
    if (tuple.namespace === "Document") {
      const parent = tuple.relation === "parents" ? tuple.subject_set?.object : undefined;
      add({ type: "Document", id: tuple.object, ...(parent ? { projectId: parent } : {}) });
    }
  }
  return [...refs.values()];
}

function sendAs(api: ApiProcess, user: SoakUser) {
  return async (query: string, variables: Record<string, unknown> = {}) => {
    const answer = await graphql(api.url, user.token, query, variables);
    if (answer.outcome !== "OK" || !answer.data) {
      throw new Error(`${user.email}: ${answer.outcome} (HTTP ${answer.status}) for ${query}`);
    }
    return answer.data;
  };
}

try {
  const options = parseOptions(process.argv.slice(2), process.env);
  if (!options) {
    console.log(usage);
    process.exit(0);
  }
  process.exit(await main(options));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n${usage}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
}
