import type { Plugin } from "graphql-yoga";

/** A year, without includeSubDomains or preload: those bind other hosts of the domain too. */
const strictTransportSecurity = "max-age=31536000";

/**
 * Tells browsers that reached the API over https to use nothing else for a year. The API itself
 * speaks plain HTTP, so behind a TLS-terminating proxy only X-Forwarded-Proto says the browser
 * used https; that header is believed only when `trustForwardedProto` is set, because a client
 * talking to the API directly could send it too.
 */
export function useStrictTransportSecurity({
  trustForwardedProto,
}: {
  trustForwardedProto: boolean;
}): Plugin {
  return {
    onResponse({ request, response }) {
      if (cameOverHttps(request, trustForwardedProto)) {
        response.headers.set("strict-transport-security", strictTransportSecurity);
      }
    },
  };
}

function cameOverHttps(request: Request, trustForwardedProto: boolean): boolean {
  if (new URL(request.url).protocol === "https:") return true;
  if (!trustForwardedProto) return false;
  // Proxies append to the list; the first entry is the scheme the browser used.
  const [scheme] = (request.headers.get("x-forwarded-proto") ?? "").split(",");
  return scheme.trim().toLowerCase() === "https";
}
