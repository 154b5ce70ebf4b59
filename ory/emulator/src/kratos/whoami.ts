import type { IncomingMessage, ServerResponse } from "node:http";
import { sendError, sendJson } from "../http.ts";
import type { KratosContext } from "./context.ts";

/**
 * GET /sessions/whoami. The 401 carries no error id: Kratos' outermost error for a missing
 * or invalid session has none, even though the API description mentions session_inactive.
 */
export function whoami(ctx: KratosContext, req: IncomingMessage, res: ServerResponse) {
  const session = ctx.sessions.fromRequest(req);
  if (!session) {
    return sendError(
      res,
      { status: 401, reason: "No valid session credentials found in the request." },
      req,
    );
  }
  res.setHeader("X-Kratos-Authenticated-Identity-Id", session.identityId);
  sendJson(res, 200, ctx.sessions.json(session));
}
