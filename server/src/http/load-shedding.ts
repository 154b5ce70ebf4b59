import type { Plugin } from "graphql-yoga";
import { overloaded } from "../errors.ts";
import type { Logger } from "../log.ts";
import { AdmissionGate, type AdmissionLimits } from "./admission.ts";

/**
 * Bounds the requests this process works on at once. When every slot is taken and the short
 * queue is full, or a request has waited its limit, it is refused at once with 503,
 * `Retry-After` and a GraphQL error coded OVERLOADED, instead of being started and left to time
 * out inside its Kratos and Keto calls. Health endpoints are never refused, so a saturated
 * process still says it is alive.
 */
export function useLoadShedding(limits: AdmissionLimits, log: Logger): Plugin {
  const gate = new AdmissionGate(limits);
  // Long enough for the queue in front of a client to have moved; whole seconds, as HTTP says.
  const retryAfterSeconds = Math.max(1, Math.ceil(limits.maxWaitMs / 1000));
  return {
    onRequest({ url, requestHandler, setRequestHandler, fetchAPI }) {
      if (url.pathname.startsWith("/health/")) return;
      setRequestHandler(async (request, serverContext) => {
        const release = await gate.enter();
        if (!release) {
          log.warn({ path: url.pathname, ...gate.load }, "overloaded: request refused");
          const error = overloaded(retryAfterSeconds);
          return fetchAPI.Response.json(
            { errors: [{ message: error.message, extensions: { code: error.extensions.code } }] },
            { status: 503, headers: { "Retry-After": String(retryAfterSeconds) } },
          );
        }
        try {
          return await requestHandler(request, serverContext);
        } finally {
          release();
        }
      });
    },
  };
}
