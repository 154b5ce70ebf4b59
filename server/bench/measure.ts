import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { type OryCalls, readCalls } from "./calls.ts";
import type { RequestLogMeter } from "./meter.ts";
import type { BenchApp, ModeName } from "./modes.ts";
import type { OryUnderTest } from "./ory.ts";
import { type PageSeen, requestOf, type Scenario, verify } from "./scenarios.ts";
import { elapsedMs, percentile } from "./stats.ts";

export interface Budget {
  /** Measured requests per row at most (after warm-up). */
  requests: number;
  /** Wall time per row at most; whichever bound comes first ends the row. */
  seconds: number;
  /** Measured requests per row at least, even past the time bound, so p50 is never one sample. */
  minRequests: number;
  warmup: number;
  /** Parts each row is measured in, taking turns with the other rows of its query. */
  slices: number;
  /** Added to every Keto answer while measuring. */
  ketoLatencyMs: number;
  /** Added on top for the sequential-rounds probe of in-process rows; 0 skips the probe. */
  probeLatencyMs: number;
  probePairs: number;
}

/** Where a row's numbers are read, and Keto's latency set: Ory's emulator, the API's request log. */
export interface Instruments {
  ory: OryUnderTest;
  meter: RequestLogMeter;
}

export interface Measurement {
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Ory calls per measured request, as the emulator counted them. */
  perRequest: OryCalls;
  /** Per measured request, from the API's request log. */
  checkRounds: number;
  tuplesChecked: number;
  /** Checks answered by the viewer's own listing, with no tuple sent. */
  listedAnswers: number;
  listings: number;
  /**
   * Keto round trips a request waits for one after another: how much slower
   * it gets per millisecond added to every Keto answer (NaN when not probed).
   */
  sequentialRounds: number;
  /** The last answer's page (all answers were verified). */
  page: PageSeen;
}

/** One mode's requests for one query, sent one way (in-process or over HTTP). */
export interface Target {
  mode: ModeName;
  send(): Promise<PageSeen>;
  close(): Promise<void>;
}

/** Through `app.fetch`: no socket between client and API. */
export function inProcessTarget(app: BenchApp, scenario: Scenario, mode: ModeName): Target {
  const init = requestOf(scenario);
  return {
    mode,
    async send() {
      const response = await app.fetch("http://bench.local/graphql", init);
      return verify(scenario, mode, response.status, await response.json());
    },
    close: async () => {},
  };
}

/** Over a real socket on 127.0.0.1, from keep-alive clients in this process. */
export async function httpTarget(
  app: BenchApp,
  scenario: Scenario,
  mode: ModeName,
): Promise<Target> {
  const server = createServer(app.handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/graphql`;
  const init = requestOf(scenario);
  return {
    mode,
    async send() {
      const response = await fetch(url, init);
      return verify(scenario, mode, response.status, await response.json());
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Slice {
  latencies: number[];
  seconds: number;
  calls: OryCalls;
  checkRounds: number;
  tuplesChecked: number;
  listedAnswers: number;
  listings: number;
  page: PageSeen;
}

/**
 * Sends requests until the slice's bounds are reached, `concurrency` at a
 * time. The counters and the request log are reset first, so the slice's
 * figures cover exactly its requests; the log must have seen all of them.
 */
async function slice(
  target: Target,
  bounds: { requests: number; ms: number; minRequests: number },
  concurrency: number,
  instruments: Instruments,
): Promise<Slice> {
  const { ory, meter } = instruments;
  await sleep(5); // the previous request may still be finishing on the server side
  await ory.resetCounters();
  meter.reset();
  const latencies: number[] = [];
  let page: PageSeen = { edges: 0, hasNextPage: false };
  const start = process.hrtime.bigint();
  let started = 0;
  const worker = async () => {
    const more = () =>
      started < bounds.requests && (started < bounds.minRequests || elapsedMs(start) < bounds.ms);
    while (more()) {
      started += 1;
      const sent = process.hrtime.bigint();
      page = await target.send();
      latencies.push(elapsedMs(sent));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = elapsedMs(start) / 1000;
  const n = latencies.length;
  // Over HTTP the server may log a request as its answer leaves; give it a moment.
  for (let wait = 0; wait < 50 && meter.read().requests < n; wait++) await sleep(2);
  const logged = meter.read();
  if (logged.requests !== n) {
    throw new Error(`${n} requests measured, but the request log has ${logged.requests}`);
  }
  return {
    latencies,
    seconds,
    calls: readCalls(await ory.counters()),
    checkRounds: logged.checkRounds,
    tuplesChecked: logged.tuplesChecked,
    listedAnswers: logged.listedAnswers,
    listings: logged.listings,
    page,
  };
}

function combine(slices: Slice[], sequentialRounds: number): Measurement {
  const latencies = slices.flatMap((part) => part.latencies);
  const n = latencies.length;
  const total = (pick: (part: Slice) => number) =>
    slices.reduce((sum, part) => sum + pick(part), 0) / n;
  return {
    requests: n,
    reqPerSec: n / slices.reduce((sum, part) => sum + part.seconds, 0),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    perRequest: {
      ketoBatch: total((part) => part.calls.ketoBatch),
      ketoList: total((part) => part.calls.ketoList),
      ketoSingle: total((part) => part.calls.ketoSingle),
      ketoTotal: total((part) => part.calls.ketoTotal),
      kratosWhoami: total((part) => part.calls.kratosWhoami),
      kratosTotal: total((part) => part.calls.kratosTotal),
    },
    checkRounds: total((part) => part.checkRounds),
    tuplesChecked: total((part) => part.tuplesChecked),
    listedAnswers: total((part) => part.listedAnswers),
    listings: total((part) => part.listings),
    sequentialRounds,
    page: slices[slices.length - 1].page,
  };
}

/**
 * Keto round trips on each target's critical path. Each pair sends one
 * request at the run's Keto latency and one with `probeLatencyMs` more; the
 * median difference, divided by what was added, is how many Keto answers
 * the request waited for one after another. Calls that leave together cost
 * one; a listing that must finish before its checks start costs two. The
 * targets take turns, pair by pair.
 */
async function probeSequentialRounds(
  targets: Target[],
  budget: Budget,
  ory: OryUnderTest,
): Promise<number[]> {
  const differences = targets.map((): number[] => []);
  const timed = async (target: Target, latencyMs: number) => {
    await ory.setKetoLatency(latencyMs);
    const sent = process.hrtime.bigint();
    await target.send();
    return elapsedMs(sent);
  };
  try {
    for (let pair = 0; pair < budget.probePairs; pair++) {
      for (const [index, target] of targets.entries()) {
        const base = await timed(target, budget.ketoLatencyMs);
        const slowed = await timed(target, budget.ketoLatencyMs + budget.probeLatencyMs);
        differences[index].push(slowed - base);
      }
    }
  } finally {
    await ory.setKetoLatency(budget.ketoLatencyMs);
  }
  return differences.map((each) => percentile(each, 50) / budget.probeLatencyMs);
}

/**
 * Measures the targets (one query, several modes) in turns: after each
 * target's warm-up, every target runs a slice of its budget, then the next,
 * the order rotating each turn. A load spike on this shared machine then
 * falls on all of them alike, and ratios between modes stay fair. Sequential
 * targets (concurrency 1) are then probed for their sequential Keto rounds.
 */
export async function measureInTurns(
  targets: Target[],
  budget: Budget,
  concurrency: number,
  instruments: Instruments,
): Promise<Measurement[]> {
  for (const target of targets) {
    for (let index = 0; index < budget.warmup; index++) await target.send();
  }
  const bounds = {
    requests: Math.ceil(budget.requests / budget.slices),
    ms: (budget.seconds * 1000) / budget.slices,
    minRequests: Math.ceil(budget.minRequests / budget.slices),
  };
  const slices = targets.map((): Slice[] => []);
  for (let turn = 0; turn < budget.slices; turn++) {
    for (let step = 0; step < targets.length; step++) {
      const index = (turn + step) % targets.length;
      slices[index].push(await slice(targets[index], bounds, concurrency, instruments));
    }
  }
  const probed =
    concurrency === 1 && budget.probeLatencyMs > 0
      ? await probeSequentialRounds(targets, budget, instruments.ory)
      : targets.map(() => Number.NaN);
  return slices.map((parts, index) => combine(parts, probed[index]));
}
