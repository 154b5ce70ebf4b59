import type { Plugin, YogaServerOptions } from "graphql-yoga";

type CorsOption = NonNullable<YogaServerOptions<object, object>["cors"]>;

/**
 * Browsers may call the API with credentials from the listed origins only.
 * A listed origin is answered with itself; any other origin, including the
 * `null` that sandboxed frames and file pages send, gets no
 * `Access-Control-Allow-*` header at all (Yoga's list form would answer it
 * with `null` plus credentials, which such pages could use).
 */
export function corsForListedOrigins(origins: readonly string[]): CorsOption {
  const listed = new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get("origin");
    if (origin === null || !listed.has(origin)) return false;
    return {
      origin: [origin],
      credentials: true,
      // X-Authz-Explain: GraphiQL's users ask why they were denied (docs/permissions.md).
      allowedHeaders: ["Content-Type", "X-Session-Token", "Authorization", "X-Authz-Explain"],
      methods: ["GET", "POST"],
    };
  };
}

/** Answers differ by Origin, so shared caches must keep them apart. */
export function useVaryOnOrigin(): Plugin {
  return {
    onResponse({ response }) {
      const vary = response.headers.get("vary");
      if (vary?.split(",").some((name) => name.trim().toLowerCase() === "origin")) return;
      response.headers.set("vary", vary ? `${vary}, Origin` : "Origin");
    },
  };
}
