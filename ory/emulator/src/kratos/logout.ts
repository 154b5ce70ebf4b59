import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, readJson, sendEmpty, sendError, sendJson } from "../http.ts";
import { type KratosContext, urlFor } from "./context.ts";
import { redirect } from "./flow-errors.ts";
import { checkReturnTo } from "./flows/flow.ts";
import { noActiveSession } from "./flows/settings.ts";
import { isJsonRequest } from "./negotiation.ts";

/** GET /self-service/logout/browser — a logout URL for the browser's session. */
export function createLogoutFlow(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const session = ctx.sessions.fromRequest(req);
  if (!session) return sendError(res, noActiveSession(), req);
  const returnTo = url.searchParams.get("return_to") ?? undefined;
  checkReturnTo(ctx, returnTo ?? null);
  sendJson(res, 200, {
    logout_url: urlFor(ctx.publicBaseUrl, "/self-service/logout", {
      token: session.logoutToken,
      return_to: returnTo,
    }),
    logout_token: session.logoutToken,
  });
}

/**
 * GET /self-service/logout?token= — revokes the session the token belongs to (it must be
 * the browser's own), clears the cookie and rotates the CSRF token; 204 for JSON callers,
 * otherwise a redirect to return_to or the configured after-logout URL.
 */
export function updateLogoutFlow(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const token = url.searchParams.get("token");
  if (!token) {
    return ctx.flowErrors.forward(req, res, {
      status: 400,
      reason: "Please include a token in the URL query.",
    });
  }
  let returnTo: string | undefined;
  try {
    returnTo = checkReturnTo(ctx, url.searchParams.get("return_to"));
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return ctx.flowErrors.forward(req, res, error.error);
  }
  const session = ctx.sessions.fromRequest(req);
  if (session) {
    if (session.logoutToken !== token) {
      return ctx.flowErrors.forward(req, res, {
        status: 403,
        reason:
          "Unable to log out because the logout token in the URL query does not match the session cookie.",
      });
    }
    ctx.sessions.revoke(session);
  }
  ctx.sessions.clearCookie(res);
  ctx.csrf.regenerate(res);
  if (isJsonRequest(req)) return sendEmpty(res, 204);
  redirect(
    res,
    returnTo ?? ctx.config.flows.logout.afterReturnUrl ?? ctx.config.defaultBrowserReturnUrl,
  );
}

/** DELETE /self-service/logout/api — revokes a session token (native apps). */
export async function performNativeLogout(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const body = await readJson<{ session_token?: unknown }>(req);
  if (typeof body?.session_token !== "string" || body.session_token === "") {
    return sendError(
      res,
      { status: 400, reason: 'The request body must contain a "session_token".' },
      req,
    );
  }
  const session = ctx.store.sessionByToken(body.session_token);
  if (!session || !ctx.sessions.isActive(session)) {
    return sendError(
      res,
      {
        status: 403,
        reason:
          "The provided Session Token could not be found, is invalid, or otherwise malformed.",
      },
      req,
    );
  }
  ctx.sessions.revoke(session);
  sendEmpty(res, 204);
}
