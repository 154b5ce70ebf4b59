import type { Plugin } from "graphql-yoga";

export interface HealthChecks {
  /** False once shutdown has begun, so load balancers stop sending traffic. */
  isAcceptingTraffic(): boolean;
  isDatabaseReachable(): Promise<boolean>;
}

/**
 * `/health/alive`: the process answers. `/health/ready`: it can serve a
 * request (database reachable, not shutting down). Same paths as Ory's servers.
 */
export function useHealthEndpoints(checks: HealthChecks): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === "/health/alive") {
        endResponse(fetchAPI.Response.json({ status: "ok" }));
      } else if (url.pathname === "/health/ready") {
        const errors: Record<string, string> = {};
        if (!checks.isAcceptingTraffic()) errors.server = "shutting down";
        else if (!(await checks.isDatabaseReachable())) errors.database = "unreachable";
        const ready = Object.keys(errors).length === 0;
        endResponse(
          fetchAPI.Response.json(ready ? { status: "ok" } : { errors }, {
            status: ready ? 200 : 503,
          }),
        );
      }
    },
  };
}
