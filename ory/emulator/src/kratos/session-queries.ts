import type { HerodotError } from "../http.ts";
import type { KratosContext } from "./context.ts";
import type { SessionRecord } from "./store.ts";

/**
 * Query parameters and selections the session routes share, with the 400s Kratos answers
 * when a parameter cannot be read.
 */

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** The 400 for a path id that is not a UUID, worded like the Go uuid package. */
export function invalidUuid(raw: string): HerodotError | undefined {
  const bare = raw.replace(/^urn:uuid:/i, "").replace(/^\{(.*)\}$/, "$1");
  if (UUID.test(bare)) return undefined;
  const validLengths = [32, 36, 38, 41];
  const message = validLengths.includes(raw.length)
    ? `uuid: incorrect UUID format in string ${JSON.stringify(raw)}`
    : `uuid: incorrect UUID length ${raw.length} in string ${JSON.stringify(raw)}`;
  return { status: 400, message };
}

/** Go's strconv.ParseBool. */
const TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const FALSE = new Set(["0", "f", "F", "FALSE", "false", "False"]);

/** `?active=`: undefined for all sessions, or the 400 Kratos sends for anything unparsable. */
export function parseActiveFilter(query: URLSearchParams): boolean | undefined | HerodotError {
  const raw = query.get("active");
  if (!raw) return undefined;
  if (TRUE.has(raw)) return true;
  if (FALSE.has(raw)) return false;
  return { status: 400, message: "could not parse parameter active" };
}

export interface Expansion {
  identity: boolean;
  devices: boolean;
}

/** `?expand=identity&expand=devices` (any case); an unknown option is a 400. */
export function parseExpand(query: URLSearchParams): Expansion | HerodotError {
  const expansion = { identity: false, devices: false };
  for (const option of query.getAll("expand")) {
    const key = option.toLowerCase();
    if (key !== "identity" && key !== "devices") {
      return { status: 400, reason: `Could not parse expand option: ${option}` };
    }
    expansion[key] = true;
  }
  return expansion;
}

export function isHerodotError(value: unknown): value is HerodotError {
  return typeof value === "object" && value !== null && "status" in value;
}

/**
 * Kratos' database filter: active means the flag is set and the session has not expired;
 * inactive is either of the two failing.
 */
export function matchesActive(ctx: KratosContext, session: SessionRecord, active?: boolean) {
  if (active === undefined) return true;
  const live = session.active && new Date(session.expiresAt).getTime() >= ctx.now().getTime();
  return live === active;
}

/** Newest first, as Kratos orders `created_at DESC`. */
export function newestFirst(sessions: SessionRecord[]): SessionRecord[] {
  return [...sessions].sort(
    (a, b) => b.issuedAt.localeCompare(a.issuedAt) || a.id.localeCompare(b.id),
  );
}

/** A session with only the expanded parts; unexpanded ones are left out. */
export function expandedJson(ctx: KratosContext, session: SessionRecord, expand: Expansion) {
  const { devices, identity, ...rest } = ctx.sessions.json(session);
  return {
    ...rest,
    ...(expand.identity && identity ? { identity } : {}),
    ...(expand.devices ? { devices } : {}),
  };
}
