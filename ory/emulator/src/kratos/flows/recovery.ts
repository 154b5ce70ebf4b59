import type { IncomingMessage, ServerResponse } from "node:http";
import { type HerodotError, herodotBody, sendError, sendJson } from "../../http.ts";
import type { KratosContext } from "../context.ts";
import { redirect } from "../flow-errors.ts";
import { isJsonRequest } from "../negotiation.ts";
import { identityDisabled } from "../sessions.ts";
import type { IdentityRecord } from "../store.ts";
import { text, type UiText } from "../text.ts";
import { addMessage, applyProblems, resetMessages } from "../ui.ts";
import {
  answerDisabled,
  codeFlowJson,
  codeInput,
  continueButton,
  emailInput,
  findEmailAddress,
  hiddenMethod,
  redirectToFlowRead,
  resendButton,
  restartCodeFlow,
  setCsrfNode,
  showCodeFlow,
  spendSubmittedCode,
  startCodeFlow,
} from "./code-flows.ts";
import {
  answerFlowError,
  answersWithJson,
  type FlowRecord,
  type FlowType,
  isExpired,
  readSubmission,
  rebindCsrf,
  submissionCsrfError,
  withFlowId,
} from "./flow.ts";
import { startSettingsFlow } from "./settings.ts";
import { startReturnTo } from "./start.ts";
import { textField } from "./submit.ts";

const alreadySignedIn: HerodotError = {
  status: 400,
  id: "session_already_available",
  reason: "A valid session was detected and thus recovery is not possible.",
};

/** GET /self-service/recovery/browser and /self-service/recovery/api */
export function createRecoveryFlow(type: FlowType) {
  return (ctx: KratosContext, req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (ctx.sessions.fromRequest(req)) {
      if (type === "api" || isJsonRequest(req)) return sendError(res, alreadySignedIn, req);
      return redirect(res, ctx.config.defaultBrowserReturnUrl);
    }
    if (!ctx.config.flows.recovery.enabled) return answerDisabled(ctx, req, res, "recovery");
    const checked = startReturnTo(ctx, req, res, type, url);
    if (!checked) return;
    const flow = startCodeFlow(ctx, req, res, "recovery", type, checked.returnTo);
    if (type === "browser" && !isJsonRequest(req)) {
      return redirect(res, withFlowId(ctx.config.flows.recovery.uiUrl, flow.id));
    }
    sendJson(res, 200, codeFlowJson(flow));
  };
}

/**
 * Mails a code to a known recovery address. An unknown address gets no code (only a notice
 * with `notify_unknown_recipients`), and the flow answers exactly as for a known one, so
 * the form tells nobody which addresses have accounts.
 */
function sendRecoveryCode(ctx: KratosContext, flow: FlowRecord, email: string): void {
  ctx.codes.revoke(flow.id);
  const known = findEmailAddress(ctx, email, (identity) => identity.recoveryAddresses);
  if (!known) {
    if (ctx.config.flows.recovery.notifyUnknownRecipients)
      ctx.courier.recoveryUnknownAddress(email);
    return;
  }
  const expiresAt = new Date(ctx.now().getTime() + ctx.config.code.lifespanMs);
  const code = ctx.codes.issue(flow.id, known.identity.id, known.address, expiresAt);
  ctx.courier.recoveryCode(known.address.value, code);
}

/** The second screen: the code, the method, and a resend button carrying the address. */
function showCodeSent(flow: FlowRecord, email: string): void {
  flow.ui.nodes = setCsrfNode(flow, [
    codeInput(text.labelRecoveryCode()),
    hiddenMethod(),
    continueButton(),
    resendButton(email),
  ]);
  flow.active = "code";
  flow.state = "sent_email";
  flow.ui.messages = [text.recoveryCodeSent()];
}

/**
 * A flow that cannot go on (its code was used up or tried too often, or it already
 * succeeded): Kratos opens a new one carrying why. Browsers go to its UI; JSON clients are
 * sent to read it (with continue_with transitions: a 400 naming it).
 */
function retryRecovery(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  old: FlowRecord,
  message: UiText,
) {
  const flow = restartCodeFlow(ctx, req, res, old, message);
  if (old.type === "browser" && !isJsonRequest(req)) {
    return redirect(res, withFlowId(ctx.config.flows.recovery.uiUrl, flow.id));
  }
  if (!ctx.config.useContinueWithTransitions) return redirectToFlowRead(ctx, res, flow);
  sendJson(res, 400, {
    ...herodotBody({ status: 400, reason: message.text }, req),
    continue_with: [{ action: "show_recovery_ui", flow: { id: flow.id } }],
  });
}

/** Submitting an expired flow: a replacement carrying "expired", as Kratos' error handler does. */
function answerExpired(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  expired: FlowRecord,
) {
  const expiredAt = new Date(expired.expiresAt);
  const flow = restartCodeFlow(
    ctx,
    req,
    res,
    expired,
    text.recoveryFlowExpired(expiredAt, ctx.now()),
  );
  const json = expired.type === "api" || isJsonRequest(req);
  if (!json) return redirect(res, withFlowId(ctx.config.flows.recovery.uiUrl, flow.id));
  if (!(ctx.config.useContinueWithTransitions && expired.type === "api")) {
    return redirectToFlowRead(ctx, res, flow);
  }
  const sinceMs = ctx.now().getTime() - expiredAt.getTime();
  sendJson(res, 410, {
    ...herodotBody(
      {
        status: 410,
        id: "self_service_flow_expired",
        reason: `The self-service flow expired ${(sinceMs / 60_000).toFixed(2)} minutes ago, initialize a new one.`,
        message: "self-service flow expired",
      },
      req,
    ),
    expired_at: expiredAt.toISOString(),
    since: Math.round(sinceMs * 1e6),
    use_flow_id: flow.id,
    continue_with: [{ action: "show_recovery_ui", flow: { id: flow.id } }],
  });
}

/** POST /self-service/recovery?flow= */
export async function updateRecoveryFlow(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const flow = ctx.flows.get(url.searchParams.get("flow"), "recovery");
  if (!flow) {
    return answerFlowError(ctx, req, res, undefined, {
      status: 404,
      reason: "The recovery request could not be found. Please restart the flow.",
    });
  }
  if (isExpired(ctx, flow)) return answerExpired(ctx, req, res, flow);
  const body = await readSubmission(req);

  const csrfError = submissionCsrfError(ctx, flow, req, body.csrf_token);
  if (csrfError) return answerFlowError(ctx, req, res, flow, csrfError);
  resetMessages(flow.ui);
  flow.updatedAt = ctx.now().toISOString();

  const email = textField(body, "email");
  if (flow.state !== "choose_method" && email === "") {
    return useRecoveryCode(ctx, req, res, flow, textField(body, "code"));
  }
  if (ctx.sessions.fromRequest(req)) {
    if (isJsonRequest(req)) return sendError(res, alreadySignedIn, req);
    return redirect(res, ctx.config.defaultBrowserReturnUrl);
  }
  if (body.method !== "code") {
    addMessage(flow.ui, text.recoveryNoStrategy());
    return showCodeFlow(ctx, req, res, flow, 400);
  }
  if (flow.state === "passed_challenge") {
    return retryRecovery(ctx, req, res, flow, text.recoveryRetrySuccess());
  }
  if (email === "") {
    flow.ui.nodes = setCsrfNode(flow, [
      emailInput(""),
      ...flow.ui.nodes.filter((n) => n.attributes.name !== "email"),
    ]);
    applyProblems(flow.ui, [{ field: "email", message: text.required("email") }]);
    return showCodeFlow(ctx, req, res, flow, 400);
  }
  sendRecoveryCode(ctx, flow, email);
  showCodeSent(flow, email);
  showCodeFlow(ctx, req, res, flow, 200);
}

async function useRecoveryCode(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  flow: FlowRecord,
  code: string,
) {
  const used = spendSubmittedCode(ctx, req, res, flow, code, {
    addresses: (identity) => identity.recoveryAddresses,
    invalid: text.recoveryCodeInvalid,
    restart: (message) => retryRecovery(ctx, req, res, flow, message),
  });
  if (!used) return;
  const identity = ctx.store.identities.get(used.identityId);
  if (!identity) return retryRecovery(ctx, req, res, flow, text.recoveryCodeInvalid());
  markVerified(ctx, identity, used.address.value);
  issueRecoverySession(ctx, req, res, flow, identity);
}

/** Receiving the code proves the address, so a self-service recovery verifies it too. */
function markVerified(ctx: KratosContext, identity: IdentityRecord, address: string) {
  const at = ctx.now().toISOString();
  for (const verifiable of identity.verifiableAddresses) {
    if (verifiable.value !== address) continue;
    verifiable.verified = true;
    verifiable.verified_at = at;
    verifiable.status = "completed";
    verifiable.updated_at = at;
  }
  ctx.store.save();
}

/**
 * A recovered account: a fresh (thus privileged) session, and a settings flow carrying
 * "recovered, change your password within N minutes" that the person is sent to.
 *
 * As in Kratos the flow has passed its challenge (and a browser's CSRF token is renewed)
 * before the session is started; for an inactive identity starting it fails, and the
 * error (401) goes out as the flow's error, the code used up and the address verified.
 */
function issueRecoverySession(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  flow: FlowRecord,
  identity: IdentityRecord,
) {
  flow.ui.messages = [];
  flow.state = "passed_challenge";
  flow.identityId = identity.id;
  const freshCsrf = flow.type === "browser" ? ctx.csrf.regenerate(res) : undefined;
  if (freshCsrf) rebindCsrf(flow, freshCsrf);
  if (identity.state !== "active") {
    return answerFlowError(ctx, req, res, flow, identityDisabled(identity.id));
  }
  const session = ctx.sessions.issue(identity, req);
  session.methods = [{ method: "code_recovery", aal: "aal1", completed_at: session.issuedAt }];
  ctx.store.save();
  flow.continueWith = [];

  if (flow.type === "browser") {
    ctx.sessions.setCookie(res, session);
  } else {
    flow.continueWith.push({ action: "set_ory_session_token", ory_session_token: session.token });
  }

  const settings = startSettingsFlow(ctx, req, res, flow.type, identity, flow.returnTo);
  if (freshCsrf) rebindCsrf(settings, freshCsrf);
  settings.requestUrl = flow.requestUrl;
  const privilegedUntil = new Date(
    ctx.now().getTime() + ctx.config.flows.settings.privilegedSessionMaxAgeMs,
  );
  settings.ui.messages = [text.recoverySuccessful(privilegedUntil, ctx.now())];
  const settingsUrl = withFlowId(ctx.config.flows.settings.uiUrl, settings.id);

  if (!answersWithJson(flow, req)) return redirect(res, settingsUrl);
  if (!ctx.config.useContinueWithTransitions) {
    return sendJson(res, 422, {
      ...herodotBody(
        {
          status: 422,
          id: "browser_location_change_required",
          reason: `In order to complete this flow please redirect the browser to: ${settingsUrl}`,
          message: "browser location change required",
        },
        req,
      ),
      redirect_browser_to: settingsUrl,
    });
  }
  flow.continueWith.push({
    action: "show_settings_ui",
    flow: { id: settings.id, url: settingsUrl },
  });
  sendJson(res, 200, codeFlowJson(flow));
}
