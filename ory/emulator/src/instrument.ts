import { setTimeout as delay } from "node:timers/promises";
import type { RequestCounters } from "./counters.ts";
import type { Faults } from "./faults.ts";
import { type Handler, requestUrl, sendError } from "./http.ts";
import type { PortName, ServiceName } from "./services.ts";

/** Where the test hooks live on the admin ports; these requests skip faults and counters. */
export const CONTROL_PREFIX = "/__emulator/";

/**
 * Wraps one port's handler with the test hooks: every request is counted, then delayed and/or
 * failed as the service's fault says (if it applies to this port). `control` answers the hook
 * endpoints (admin ports only). With `apiKey`, the port answers 401 to any request without
 * `Authorization: Bearer <apiKey>`, as Ory Network does on its admin and permission APIs.
 */
export function instrument(
  service: ServiceName,
  port: PortName,
  handler: Handler,
  hooks: { faults: Faults; counters: RequestCounters; control?: Handler; apiKey?: string },
): Handler {
  return async (req, res) => {
    const path = requestUrl(req).pathname;
    if (hooks.control && path.startsWith(CONTROL_PREFIX)) return hooks.control(req, res);
    hooks.counters.record(service, req.method ?? "GET", path);
    if (req.headers.authorization !== undefined) hooks.counters.recordAuthorized(service, port);
    if (hooks.apiKey !== undefined && req.headers.authorization !== `Bearer ${hooks.apiKey}`) {
      req.resume();
      return sendError(
        res,
        {
          status: 401,
          reason: "The request could not be authorized: a valid API key is required.",
        },
        req,
      );
    }
    const fault = hooks.faults.forPort(service, port);
    if (fault?.latencyMs) await delay(fault.latencyMs);
    if (fault?.status) {
      // Drain the body first so the client is not cut off mid-upload.
      req.resume();
      return sendError(
        res,
        { status: fault.status, reason: "Fault injected by the Ory emulator." },
        req,
      );
    }
    return handler(req, res);
  };
}
