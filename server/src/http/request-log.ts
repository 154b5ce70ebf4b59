import type { Plugin } from "graphql-yoga";
import { ketoMeterOf } from "../auth/keto-meter.ts";
import type { ShadowChecks } from "../auth/keto-shadow.ts";
import type { Logger } from "../log.ts";

/**
 * One structured line per HTTP request, with its status, duration and what it asked of Keto;
 * with a shadow Keto, also the process's comparisons so far (they finish after responses, so
 * they are totals, not this request's).
 */
export function useRequestLog(log: Logger, shadow?: ShadowChecks): Plugin {
  const started = new WeakMap<Request, number>();
  return {
    onRequest({ request }) {
      started.set(request, performance.now());
    },
    onResponse({ request, response }) {
      const start = started.get(request);
      const url = new URL(request.url);
      if (url.pathname.startsWith("/health/")) return;
      log.info(
        {
          method: request.method,
          path: url.pathname,
          status: response.status,
          ms: start === undefined ? undefined : Math.round(performance.now() - start),
          keto: ketoMeterOf(request),
          ...(shadow ? { shadowKeto: shadow.stats() } : {}),
        },
        "request",
      );
    },
  };
}
