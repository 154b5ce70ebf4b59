import type { RequestCounters } from "../../ory/emulator/src/index.ts";

/** Keto read routes a permission check can take; writes never happen during a measured run. */
const ketoBatch = "POST /relation-tuples/batch/check";
const ketoSingle = [
  "GET /relation-tuples/check",
  "GET /relation-tuples/check/openapi",
  "POST /relation-tuples/check",
  "POST /relation-tuples/check/openapi",
];
const kratosWhoami = "GET /sessions/whoami";

export interface OryCalls {
  ketoBatch: number;
  ketoSingle: number;
  /** Every Keto request, whatever the route: catches anything the two above miss. */
  ketoTotal: number;
  kratosWhoami: number;
  kratosTotal: number;
}

export function readCalls(counters: RequestCounters): OryCalls {
  return {
    ketoBatch: counters.get("keto", ketoBatch),
    ketoSingle: ketoSingle.reduce((sum, route) => sum + counters.get("keto", route), 0),
    ketoTotal: counters.total("keto"),
    kratosWhoami: counters.get("kratos", kratosWhoami),
    kratosTotal: counters.total("kratos"),
  };
}
