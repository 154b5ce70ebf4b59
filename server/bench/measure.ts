import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { RequestCounters } from "../../ory/emulator/src/index.ts";
import { type OryCalls, readCalls } from "./calls.ts";
import type { BenchApp } from "./modes.ts";
import { requestOf, type Scenario, verify } from "./scenarios.ts";
import { elapsedMs, percentile } from "./stats.ts";

export interface Budget {
  /** Measured requests at most (after warm-up). */
  requests: number;
  /** Wall time at most for the measured requests; whichever bound comes first ends the run. */
  seconds: number;
  /** Measured requests at least, even past the time bound, so p50 is never one sample. */
  minRequests: number;
  warmup: number;
  /** Requests in flight at once (HTTP runs only; in-process runs are sequential). */
  concurrency: number;
}

export interface Measurement {
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Ory calls per measured request. */
  perRequest: OryCalls;
}

type Send = () => Promise<void>;

/**
 * Runs `send` until the budget is spent, `concurrency` at a time, after
 * `warmup` requests that are not counted. Ory counters are reset after the
 * warm-up, so calls per request cover exactly the measured requests.
 */
async function drive(send: Send, budget: Budget, counters: RequestCounters): Promise<Measurement> {
  for (let index = 0; index < budget.warmup; index++) await send();
  counters.reset();
  const latencies: number[] = [];
  const start = process.hrtime.bigint();
  const deadline = budget.seconds * 1000;
  let started = 0;
  const worker = async () => {
    const more = () =>
      started < budget.requests && (started < budget.minRequests || elapsedMs(start) < deadline);
    while (more()) {
      started += 1;
      const sent = process.hrtime.bigint();
      await send();
      latencies.push(elapsedMs(sent));
    }
  };
  await Promise.all(Array.from({ length: budget.concurrency }, worker));
  const seconds = elapsedMs(start) / 1000;
  const calls = readCalls(counters);
  const per = (value: number) => value / latencies.length;
  return {
    requests: latencies.length,
    reqPerSec: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    perRequest: {
      ketoBatch: per(calls.ketoBatch),
      ketoSingle: per(calls.ketoSingle),
      ketoTotal: per(calls.ketoTotal),
      kratosWhoami: per(calls.kratosWhoami),
      kratosTotal: per(calls.kratosTotal),
    },
  };
}

/** Through `app.fetch`: no sockets between client and API, only the API's own calls to Ory. */
export function measureInProcess(
  app: BenchApp,
  scenario: Scenario,
  budget: Budget,
  counters: RequestCounters,
): Promise<Measurement> {
  const init = requestOf(scenario);
  const send: Send = async () => {
    const response = await app.fetch("http://bench.local/graphql", init);
    verify(scenario, response.status, await response.json());
  };
  return drive(send, { ...budget, concurrency: 1 }, counters);
}

/** Over a real socket on 127.0.0.1, with `concurrency` keep-alive clients in this process. */
export async function measureOverHttp(
  app: BenchApp,
  scenario: Scenario,
  budget: Budget,
  counters: RequestCounters,
): Promise<Measurement> {
  const server = createServer(app.handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/graphql`;
  const init = requestOf(scenario);
  try {
    const send: Send = async () => {
      const response = await fetch(url, init);
      verify(scenario, response.status, await response.json());
    };
    return await drive(send, budget, counters);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
