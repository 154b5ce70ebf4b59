import type { IncomingMessage, ServerResponse } from "node:http";
import { type HerodotError, sendError, sendJson } from "../../http.ts";
import type { KratosContext } from "../context.ts";
import {
  expiredOnRead,
  type FlowKind,
  type FlowRecord,
  flowCsrfMatches,
  isExpired,
  notFound,
} from "./flow.ts";

/**
 * GET /self-service/{kind}/flows?id= — the flow, after the checks Kratos makes in this
 * order: it exists, a browser login or registration flow comes with its CSRF cookie (a
 * settings flow is guarded by the session instead, and Kratos does not check the cookie
 * there), extra checks (settings: the caller's session owns it), and it has not expired.
 * Errors are always JSON here.
 */
export function getFlow(
  kind: FlowKind,
  render: (ctx: KratosContext, flow: FlowRecord) => unknown,
  authorize?: (
    ctx: KratosContext,
    req: IncomingMessage,
    flow: FlowRecord,
  ) => HerodotError | undefined,
) {
  return (ctx: KratosContext, req: IncomingMessage, res: ServerResponse, url: URL) => {
    const flow = ctx.flows.get(url.searchParams.get("id"), kind);
    if (!flow) return sendError(res, notFound(), req);
    if (kind !== "settings" && !flowCsrfMatches(ctx, flow, req)) {
      return sendError(res, ctx.csrf.violation(req, undefined), req);
    }
    const denied = authorize?.(ctx, req, flow);
    if (denied) return sendError(res, denied, req);
    if (isExpired(ctx, flow)) return sendError(res, expiredOnRead(ctx, flow), req);
    sendJson(res, 200, render(ctx, flow));
  };
}
