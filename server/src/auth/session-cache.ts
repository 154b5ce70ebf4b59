import { createHash } from "node:crypto";
import type { Credential, Session, SessionLookup } from "./session.ts";

export interface SessionCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

/**
 * Remembers active sessions across requests for a short time, so a busy
 * client does not cost one Kratos call per request. Keys are hashes of the
 * credential (the secret itself is never kept); entries never outlive the
 * session's own `expires_at`. Anonymous answers and failures are not cached.
 *
 * Trade-off: a session revoked in Kratos (sign-out, admin revoke) keeps
 * working here until its entry expires, at most `ttlMs`. Off by default.
 */
export function cachedSessionLookup(
  lookup: SessionLookup,
  options: SessionCacheOptions,
): SessionLookup {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { session: Session; until: number }>();

  return async (credential: Credential) => {
    const key = keyOf(credential);
    const hit = entries.get(key);
    if (hit && hit.until > now()) return hit.session;
    entries.delete(key);

    const session = await lookup(credential);
    if (session) {
      const expires = session.expires_at
        ? Date.parse(session.expires_at)
        : Number.POSITIVE_INFINITY;
      const until = Math.min(now() + options.ttlMs, expires);
      if (until > now()) {
        entries.set(key, { session, until });
        // Map keeps insertion order: the first key is the oldest entry.
        if (entries.size > options.maxEntries)
          entries.delete(entries.keys().next().value as string);
      }
    }
    return session;
  };
}

function keyOf({ sessionToken, cookie }: Credential): string {
  return createHash("sha256")
    .update(sessionToken ? `token:${sessionToken}` : `cookie:${cookie ?? ""}`)
    .digest("hex");
}
