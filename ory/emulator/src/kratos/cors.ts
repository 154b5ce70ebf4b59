import type { IncomingMessage, ServerResponse } from "node:http";
import type { CorsConfig } from "./config.ts";

function originAllowed(config: CorsConfig, origin: string): boolean {
  return config.allowedOrigins.some((allowed) => {
    if (allowed === "*") return true;
    const star = allowed.indexOf("*");
    if (star < 0) return allowed.toLowerCase() === origin.toLowerCase();
    const prefix = allowed.slice(0, star).toLowerCase();
    const suffix = allowed.slice(star + 1).toLowerCase();
    const candidate = origin.toLowerCase();
    return (
      candidate.length >= prefix.length + suffix.length &&
      candidate.startsWith(prefix) &&
      candidate.endsWith(suffix)
    );
  });
}

/**
 * CORS for the public API (`serve.public.cors`). Returns true when the request was a
 * preflight and has been answered. The origin is echoed rather than `*`, because browsers
 * refuse `*` on credentialed requests.
 */
export function applyCors(config: CorsConfig, req: IncomingMessage, res: ServerResponse): boolean {
  if (!config.enabled) return false;
  const origin = req.headers.origin;
  const requestedMethod = req.headers["access-control-request-method"];
  const preflight = req.method === "OPTIONS" && typeof requestedMethod === "string";
  res.setHeader(
    "Vary",
    preflight ? "Origin, Access-Control-Request-Method, Access-Control-Request-Headers" : "Origin",
  );
  const allowed = typeof origin === "string" && originAllowed(config, origin);

  if (preflight) {
    const requestedHeaders = String(req.headers["access-control-request-headers"] ?? "")
      .split(",")
      .map((h) => h.trim())
      .filter(Boolean);
    const allowedHeaders = new Set(config.allowedHeaders.map((h) => h.toLowerCase()));
    const methodOk = config.allowedMethods.includes(requestedMethod.toUpperCase());
    const headersOk = requestedHeaders.every((h) => allowedHeaders.has(h.toLowerCase()));
    if (allowed && methodOk && headersOk) {
      res.setHeader("Access-Control-Allow-Origin", origin as string);
      res.setHeader("Access-Control-Allow-Methods", requestedMethod.toUpperCase());
      if (requestedHeaders.length > 0) {
        res.setHeader("Access-Control-Allow-Headers", requestedHeaders.join(", "));
      }
      if (config.allowCredentials) res.setHeader("Access-Control-Allow-Credentials", "true");
      if (config.maxAge > 0) res.setHeader("Access-Control-Max-Age", String(config.maxAge));
    }
    res.writeHead(204);
    res.end();
    return true;
  }

  if (allowed) {
    res.setHeader("Access-Control-Allow-Origin", origin as string);
    if (config.allowCredentials) res.setHeader("Access-Control-Allow-Credentials", "true");
    if (config.exposedHeaders.length > 0) {
      res.setHeader("Access-Control-Expose-Headers", config.exposedHeaders.join(", "));
    }
  }
  return false;
}
