import type { IncomingMessage } from "node:http";

interface AcceptSpec {
  value: string;
  q: number;
}

function parseAccept(header: string | undefined): AcceptSpec[] {
  if (!header) return [];
  return header.split(",").flatMap((part) => {
    const [value, ...params] = part.trim().split(";");
    if (!value) return [];
    let q = 1;
    for (const param of params) {
      const [key, raw] = param.trim().split("=");
      if (key === "q") q = Number(raw);
    }
    return [{ value: value.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0 }];
  });
}

// Kratos offers these in this order and falls back to HTML, so a bare `*/*` means HTML.
const OFFERS = ["text/html", "text/*", "*/*", "application/json"];

/**
 * Picks a response type like Kratos' content negotiation: the highest q wins, and among
 * equal q an exact match beats `type/*`, which beats `*\/*`.
 */
function negotiate(req: IncomingMessage): string {
  let best = "text/html";
  let bestQ = -1;
  let bestWildness = 3;
  const specs = parseAccept(req.headers.accept);
  for (const offer of OFFERS) {
    for (const spec of specs) {
      if (spec.q === 0 || spec.q < bestQ) continue;
      const better = (wildness: number) => spec.q > bestQ || bestWildness > wildness;
      if (spec.value === "*/*") {
        if (better(2)) [best, bestQ, bestWildness] = [offer, spec.q, 2];
      } else if (spec.value.endsWith("/*")) {
        if (offer.startsWith(spec.value.slice(0, -1)) && better(1)) {
          [best, bestQ, bestWildness] = [offer, spec.q, 1];
        }
      } else if (spec.value === offer && better(0)) {
        [best, bestQ, bestWildness] = [offer, spec.q, 0];
      }
    }
  }
  return best;
}

/** True when the caller is an SPA or API client: JSON in Accept, or a JSON request body. */
export function isJsonRequest(req: IncomingMessage): boolean {
  return (
    negotiate(req) === "application/json" || req.headers["content-type"] === "application/json"
  );
}
