import type { Plugin } from "graphql-yoga";
import { ketoMeterOf } from "../auth/keto-meter.ts";
import type { Logger } from "../log.ts";

/** One structured line per HTTP request, with its status, duration and what it asked of Keto. */
export function useRequestLog(log: Logger): Plugin {
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
        },
        "request",
      );
    },
  };
}
