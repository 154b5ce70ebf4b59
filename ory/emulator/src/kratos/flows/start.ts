import type { IncomingMessage, ServerResponse } from "node:http";
import { type HerodotError, HttpError, sendError } from "../../http.ts";
import type { KratosContext } from "../context.ts";
import type { UiNode } from "../ui.ts";
import {
  bindCsrf,
  checkReturnTo,
  type FlowKind,
  type FlowRecord,
  type FlowType,
  newFlow,
} from "./flow.ts";

/**
 * What starting a login, registration or settings flow has in common: the record with its
 * kind's lifespan, the form, the CSRF binding of browser flows, and keeping it in the store.
 * Submitting an expired flow starts its replacement through here too.
 */
export function startFlow(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  init: {
    kind: FlowKind;
    type: FlowType;
    returnTo?: string;
    state: string;
    nodes: UiNode[];
    /** Login only: re-authentication of a signed-in identity. */
    refresh?: boolean;
    /** Settings only: the identity the flow edits. */
    identityId?: string;
  },
): FlowRecord {
  const flow = newFlow(ctx, req, {
    kind: init.kind,
    type: init.type,
    lifespanMs: ctx.config.flows[init.kind].lifespanMs,
    returnTo: init.returnTo,
    state: init.state,
  });
  if (init.refresh !== undefined) flow.refresh = init.refresh;
  if (init.identityId !== undefined) flow.identityId = init.identityId;
  flow.ui.nodes = init.nodes;
  bindCsrf(ctx, flow, req, res);
  ctx.flows.add(flow);
  return flow;
}

/**
 * Errors before a flow exists: API starts answer the herodot JSON, browser starts go to the
 * error UI (even from an SPA, as Kratos does).
 */
export function answerStartError(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  type: FlowType,
  error: HerodotError,
): void {
  if (type === "api") sendError(res, error, req);
  else ctx.flowErrors.forward(req, res, error);
}

/**
 * The `?return_to=` of a flow start, checked against the allow-list. `undefined` means it
 * was refused and the refusal has been answered.
 */
export function startReturnTo(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  type: FlowType,
  url: URL,
): { returnTo: string | undefined } | undefined {
  try {
    return { returnTo: checkReturnTo(ctx, url.searchParams.get("return_to")) };
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    answerStartError(ctx, req, res, type, error.error);
    return undefined;
  }
}

/**
 * The fields every self-service flow serialises, in Kratos' order; `afterId` goes between
 * `id` and `type` (login and registration put `organization_id` there).
 */
export function flowFields(flow: FlowRecord, afterId: Record<string, unknown> = {}) {
  return {
    id: flow.id,
    ...afterId,
    type: flow.type,
    expires_at: flow.expiresAt,
    issued_at: flow.issuedAt,
    request_url: flow.requestUrl,
    ...(flow.returnTo ? { return_to: flow.returnTo } : {}),
    ...(flow.active ? { active: flow.active } : {}),
    ui: flow.ui,
  };
}
