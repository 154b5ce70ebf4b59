import type { ServerResponse } from "node:http";
import type { RequestCounters } from "./counters.ts";
import { type Fault, FaultError, type Faults, validateFault } from "./faults.ts";
import { type Handler, HttpError, readJson, sendJson } from "./http.ts";
import { CONTROL_PREFIX } from "./instrument.ts";
import { router } from "./router.ts";
import { isServiceName, portsOf, type ServiceName } from "./services.ts";

/**
 * The test hooks over HTTP, for clients in another process:
 * `GET|PUT|DELETE /__emulator/faults` (PUT body `{"keto": {"status": 503}}`) and
 * `GET|DELETE /__emulator/counters`.
 */
export function controlApi(faults: Faults, counters: RequestCounters): Handler {
  return router({
    [`GET ${CONTROL_PREFIX}faults`]: (_req, res) => sendJson(res, 200, faults.snapshot()),
    [`PUT ${CONTROL_PREFIX}faults`]: async (req, res) => {
      const changes = parseFaultChanges(await readJson(req));
      await answerThenApply(
        res,
        { ...faults.snapshot(), ...Object.fromEntries(changes) },
        async () => {
          for (const [service, fault] of changes) await faults.set(service, fault);
        },
      );
    },
    [`DELETE ${CONTROL_PREFIX}faults`]: (_req, res) =>
      answerThenApply(res, { keto: null, kratos: null }, () => faults.clear()),
    [`GET ${CONTROL_PREFIX}counters`]: (_req, res) => sendJson(res, 200, counters.snapshot()),
    [`DELETE ${CONTROL_PREFIX}counters`]: (_req, res) => {
      counters.reset();
      sendJson(res, 200, counters.snapshot());
    },
  });
}

function parseFaultChanges(body: unknown): [ServiceName, Fault][] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpError({ status: 400, reason: 'expected {"keto"?: fault, "kratos"?: fault}' });
  }
  return Object.entries(body).map(([service, fault]) => {
    if (!isServiceName(service))
      throw new HttpError({ status: 400, reason: `unknown service "${service}"` });
    try {
      const valid = validateFault(fault as Fault);
      if (valid.port !== undefined && !portsOf(service).includes(valid.port)) {
        throw new FaultError(`${service} has no "${valid.port}" port`);
      }
      return [service, valid];
    } catch (error) {
      if (error instanceof FaultError) throw new HttpError({ status: 400, reason: error.message });
      throw error;
    }
  });
}

/**
 * Taking Keto down closes the port this very request came in on, so the answer goes out first
 * and the change is applied once it has been handed to the network.
 */
async function answerThenApply(res: ServerResponse, answer: unknown, change: () => Promise<void>) {
  const sent = new Promise((resolve) => res.once("finish", resolve));
  sendJson(res, 200, answer);
  await sent;
  await change();
}
