import type { IncomingMessage, ServerResponse } from "node:http";
import { type HerodotError, sendEmpty, sendError, sendJson } from "../http.ts";
import type { KratosContext } from "./context.ts";
import { parseOffsetPage, setOffsetLinks } from "./pagination.ts";
import { invalidUuid, matchesActive, newestFirst } from "./session-queries.ts";
import type { SessionRecord } from "./store.ts";
import { whoami } from "./whoami.ts";

/** The signed-in person's view of their own sessions: `/sessions` on the public port. */

const noSession = (): HerodotError => ({ status: 401, reason: "No valid session cookie found." });

function currentSession(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
): SessionRecord | undefined {
  const session = ctx.sessions.fromRequest(req);
  if (!session) sendError(res, noSession(), req);
  return session;
}

/**
 * GET /sessions — the caller's other active sessions, newest first, with identity and
 * devices, paginated by offset (Link and X-Total-Count headers).
 */
export function listMySessions(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const current = currentSession(ctx, req, res);
  if (!current) return;
  const others = newestFirst(
    ctx.store
      .sessionsOf(current.identityId)
      .filter((session) => session.id !== current.id && matchesActive(ctx, session, true)),
  );
  const page = parseOffsetPage(url.searchParams);
  setOffsetLinks(res, url, others.length, page);
  const start = page.page * page.perPage;
  sendJson(
    res,
    200,
    others.slice(start, start + page.perPage).map((session) => ctx.sessions.json(session)),
  );
}

/** DELETE /sessions — revokes every other session of the caller's identity: `{count}`. */
export function deleteMySessions(ctx: KratosContext, req: IncomingMessage, res: ServerResponse) {
  const current = currentSession(ctx, req, res);
  if (!current) return;
  const others = ctx.store.sessionsOf(current.identityId).filter((s) => s.id !== current.id);
  for (const session of others) session.active = false;
  ctx.store.save();
  sendJson(res, 200, { count: others.length });
}

/**
 * DELETE /sessions/{id} — revokes another session of the caller (204 even when there is no
 * such session). The current session is refused: that is what logout is for.
 * `DELETE /sessions/whoami` is whoami, as Kratos routes it.
 */
export function deleteMySession(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  _url: URL,
  id: string,
) {
  if (id === "whoami") return whoami(ctx, req, res);
  const current = currentSession(ctx, req, res);
  if (!current) return;
  const invalid = invalidUuid(id);
  if (invalid) return sendError(res, invalid, req);
  if (id === current.id) {
    return sendError(res, { status: 400, message: "cannot revoke current session" }, req);
  }
  const target = ctx.store.sessions.get(id);
  if (target && target.identityId === current.identityId) ctx.sessions.revoke(target);
  sendEmpty(res, 204);
}
