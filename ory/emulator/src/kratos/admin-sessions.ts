import type { IncomingMessage, ServerResponse } from "node:http";
import { type HerodotError, sendEmpty, sendError, sendJson } from "../http.ts";
import type { KratosContext } from "./context.ts";
import { notFound } from "./flows/flow.ts";
import {
  keysetSlice,
  parseKeysetPage,
  parseOffsetPage,
  setKeysetLinks,
  setOffsetLinks,
} from "./pagination.ts";
import type { RouteHandler } from "./router.ts";
import {
  type Expansion,
  expandedJson,
  invalidUuid,
  isHerodotError,
  matchesActive,
  newestFirst,
  parseActiveFilter,
  parseExpand,
} from "./session-queries.ts";
import type { SessionRecord } from "./store.ts";

/** The admin API's session routes (`/admin/sessions…`, `/admin/identities/{id}/sessions`). */

const EVERYTHING: Expansion = { identity: true, devices: true };

/**
 * Routes under `/{id}` first check that the id is a UUID (400), then that the session
 * exists (404), as Kratos' handlers and persister do.
 */
function withSession(
  handle: (
    ctx: KratosContext,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    session: SessionRecord,
  ) => void,
): RouteHandler {
  return (ctx, req, res, url, id) => {
    const invalid = invalidUuid(id);
    if (invalid) return sendError(res, invalid, req);
    const session = ctx.store.sessions.get(id);
    if (!session) return sendError(res, notFound(), req);
    handle(ctx, req, res, url, session);
  };
}

/** Parses a query value or answers its 400; `undefined` means it has answered. */
function orAnswer<T>(
  req: IncomingMessage,
  res: ServerResponse,
  parsed: T | HerodotError,
): { value: T } | undefined {
  if (isHerodotError(parsed)) {
    sendError(res, parsed, req);
    return undefined;
  }
  return { value: parsed };
}

/**
 * GET /admin/sessions — every session, newest first, keyset-paginated (`Link` with first
 * and next); `active` filters, `expand` adds identity and devices.
 */
export function listSessions(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const active = orAnswer(req, res, parseActiveFilter(url.searchParams));
  if (!active) return;
  const page = orAnswer(req, res, parseKeysetPage(url.searchParams));
  if (!page) return;
  const expand = orAnswer(req, res, parseExpand(url.searchParams));
  if (!expand) return;
  const sessions = [...ctx.store.sessions.values()].filter((session) =>
    matchesActive(ctx, session, active.value),
  );
  const { items, next } = keysetSlice(
    sessions,
    (session) => ({ id: session.id, createdAt: session.issuedAt }),
    page.value,
  );
  setKeysetLinks(res, url, page.value.size, next);
  sendJson(
    res,
    200,
    items.map((session) => expandedJson(ctx, session, expand.value)),
  );
}

/** GET /admin/sessions/{id}?expand=identity&expand=devices — nothing expanded by default. */
export const getSession = withSession((ctx, req, res, url, session) => {
  const expand = orAnswer(req, res, parseExpand(url.searchParams));
  if (!expand) return;
  sendJson(res, 200, expandedJson(ctx, session, expand.value));
});

/** DELETE /admin/sessions/{id} — deactivates one session. */
export const disableSession = withSession((ctx, _req, res, _url, session) => {
  ctx.sessions.revoke(session);
  sendEmpty(res, 204);
});

/**
 * PATCH /admin/sessions/{id}/extend — a fresh lifespan; without the
 * `feature_flags.faster_session_extend` flag Kratos answers 200 with the session and its
 * identity (devices not loaded, so an empty list).
 */
export const extendSession = withSession((ctx, _req, res, _url, session) => {
  ctx.sessions.extend(session);
  sendJson(res, 200, { ...ctx.sessions.json(session), devices: [] });
});

/**
 * GET /admin/identities/{id}/sessions — the identity's sessions, newest first, with
 * identity and devices, offset-paginated. An unknown identity simply has none.
 */
export function listIdentitySessions(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  identityId: string,
) {
  const invalid = invalidUuid(identityId);
  if (invalid) return sendError(res, invalid, req);
  const active = orAnswer(req, res, parseActiveFilter(url.searchParams));
  if (!active) return;
  const sessions = newestFirst(
    ctx.store.sessionsOf(identityId).filter((session) => matchesActive(ctx, session, active.value)),
  );
  const page = parseOffsetPage(url.searchParams);
  setOffsetLinks(res, url, sessions.length, page);
  const start = page.page * page.perPage;
  sendJson(
    res,
    200,
    sessions
      .slice(start, start + page.perPage)
      .map((session) => expandedJson(ctx, session, EVERYTHING)),
  );
}

/**
 * DELETE /admin/identities/{id}/sessions — deletes (not just revokes) the identity's
 * sessions; 404 when there were none.
 */
export function deleteIdentitySessions(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  _url: URL,
  identityId: string,
) {
  const invalid = invalidUuid(identityId);
  if (invalid) return sendError(res, invalid, req);
  const sessions = ctx.store.sessionsOf(identityId);
  if (sessions.length === 0) return sendError(res, notFound(), req);
  for (const session of sessions) ctx.store.sessions.delete(session.id);
  ctx.store.save();
  sendEmpty(res, 204);
}
