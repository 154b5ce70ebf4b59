import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "../../http.ts";
import type { KratosContext } from "../context.ts";
import { redirect } from "../flow-errors.ts";
import type { SessionRecord } from "../store.ts";
import { text } from "../text.ts";
import { addMessage, resetMessages } from "../ui.ts";
import {
  answerExpiredSubmit,
  answerFlowError,
  answersWithJson,
  type ExpiredMessage,
  type FlowKind,
  type FlowRecord,
  isExpired,
  rebindCsrf,
  submissionCsrfError,
} from "./flow.ts";

const expiredMessages: Record<FlowKind, ExpiredMessage> = {
  login: text.loginFlowExpired,
  registration: text.registrationFlowExpired,
  settings: text.settingsFlowExpired,
  recovery: text.recoveryFlowExpired,
  verification: text.verificationFlowExpired,
};

/**
 * The checks every submission passes once its kind's own checks are done, in Kratos' order:
 * the flow has not expired (else `restart` opens a replacement carrying the "expired"
 * message), then the anti-CSRF token. On success the previous messages are cleared.
 * Returns false when it has already answered.
 *
 * `checkCsrf` is false when no method will handle the submission: Kratos' methods check the
 * token themselves, so with none responsible it is never looked at.
 *
 * An API flow sent like a browser request (Origin header, cookies) is refused with a 400
 * that Kratos turns into a form message (4000001): the answer is the flow, via `render`.
 */
export function acceptSubmission(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  flow: FlowRecord,
  body: Record<string, unknown>,
  restart: () => FlowRecord,
  render: () => unknown,
  checkCsrf = true,
): boolean {
  if (isExpired(ctx, flow)) {
    const replacement = restart();
    addMessage(replacement.ui, expiredMessages[flow.kind](new Date(flow.expiresAt), ctx.now()));
    answerExpiredSubmit(ctx, req, res, flow, replacement, ctx.config.flows[flow.kind].uiUrl);
    return false;
  }
  const csrfError = checkCsrf && submissionCsrfError(ctx, flow, req, body.csrf_token);
  if (csrfError && flow.type === "api") {
    resetMessages(flow.ui);
    addMessage(flow.ui, text.generic(csrfError.reason ?? ""));
    sendJson(res, 400, render());
    return false;
  }
  if (csrfError) {
    answerFlowError(ctx, req, res, flow, csrfError);
    return false;
  }
  resetMessages(flow.ui);
  flow.updatedAt = ctx.now().toISOString();
  return true;
}

/** A submitted form field that should be text; anything else counts as left empty. */
export function textField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === "string" ? value : "";
}

/**
 * A browser flow that signed someone in: the session cookie, and, when someone new signed
 * in (no session before, or another identity's), a fresh CSRF token which the flow's form
 * must carry from now on. Re-authenticating the same identity keeps the token, so forms
 * opened before (a settings change waiting for the re-login) still verify.
 */
export function setBrowserSession(
  ctx: KratosContext,
  res: ServerResponse,
  flow: FlowRecord,
  session: SessionRecord,
  previous?: SessionRecord,
): void {
  ctx.sessions.setCookie(res, session);
  if (previous?.identityId !== session.identityId) rebindCsrf(flow, ctx.csrf.regenerate(res));
}

/**
 * A finished browser flow: SPAs get `json` plus a `continue_with` naming where to go (then
 * what the flow's hooks add), plain browsers are redirected there.
 */
export function answerFinished(
  req: IncomingMessage,
  res: ServerResponse,
  flow: FlowRecord,
  returnTo: string,
  json: Record<string, unknown>,
  moreContinueWith: Record<string, unknown>[] = [],
): void {
  if (answersWithJson(flow, req)) {
    sendJson(res, 200, {
      ...json,
      continue_with: [
        { action: "redirect_browser_to", redirect_browser_to: returnTo },
        ...moreContinueWith,
      ],
    });
  } else {
    redirect(res, returnTo);
  }
}
