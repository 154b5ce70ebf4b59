import { sendJson } from "../http.ts";
import type { Route } from "../router.ts";

const KETO_VERSION = "v26.2.0";

/** Health and version, which every Keto server answers. */
export function systemRoutes(): Record<string, Route> {
  return {
    "GET /health/alive": (_req, res) => sendJson(res, 200, { status: "ok" }),
    "GET /health/ready": (_req, res) => sendJson(res, 200, { status: "ok" }),
    "GET /version": (_req, res) => sendJson(res, 200, { version: KETO_VERSION }),
  };
}
