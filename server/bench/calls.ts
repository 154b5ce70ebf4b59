import type { CounterSnapshot } from "./ory.ts";

/** Keto read routes a request can take; writes never happen during a measured row. */
const ketoBatch = "POST /relation-tuples/batch/check";
const ketoList = "GET /relation-tuples";
const ketoSingle = [
  "GET /relation-tuples/check",
  "GET /relation-tuples/check/openapi",
  "POST /relation-tuples/check",
  "POST /relation-tuples/check/openapi",
];
const kratosWhoami = "GET /sessions/whoami";

export interface OryCalls {
  ketoBatch: number;
  ketoList: number;
  ketoSingle: number;
  /** Every Keto request, whatever the route: catches anything the three above miss. */
  ketoTotal: number;
  kratosWhoami: number;
  kratosTotal: number;
}

const sum = (routes: Record<string, number>) =>
  Object.values(routes).reduce((total, count) => total + count, 0);

export function readCalls(counters: CounterSnapshot): OryCalls {
  return {
    ketoBatch: counters.keto[ketoBatch] ?? 0,
    ketoList: counters.keto[ketoList] ?? 0,
    ketoSingle: ketoSingle.reduce((total, route) => total + (counters.keto[route] ?? 0), 0),
    ketoTotal: sum(counters.keto),
    kratosWhoami: counters.kratos[kratosWhoami] ?? 0,
    kratosTotal: sum(counters.kratos),
  };
}
