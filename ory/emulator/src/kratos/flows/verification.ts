import type { IncomingMessage, ServerResponse } from "node:http";
import { herodotBody, sendJson } from "../../http.ts";
import { type KratosContext, urlFor } from "../context.ts";
import { redirect } from "../flow-errors.ts";
import { isJsonRequest } from "../negotiation.ts";
import type { IdentityRecord, VerifiableAddress } from "../store.ts";
import { text, type UiText } from "../text.ts";
import { applyProblems, csrfNode, resetMessages, type UiNode } from "../ui.ts";
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
  showCodeFlow,
  spendSubmittedCode,
  startCodeFlow,
} from "./code-flows.ts";
import {
  answerFlowError,
  type FlowRecord,
  type FlowType,
  isExpired,
  readSubmission,
  rebindCsrf,
  submissionCsrfError,
  withFlowId,
} from "./flow.ts";
import { startReturnTo } from "./start.ts";
import { textField } from "./submit.ts";

/** GET /self-service/verification/browser and /self-service/verification/api */
export function createVerificationFlow(type: FlowType) {
  return (ctx: KratosContext, req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (!ctx.config.flows.verification.enabled) {
      return answerDisabled(ctx, req, res, "verification");
    }
    const checked = startReturnTo(ctx, req, res, type, url);
    if (!checked) return;
    const flow = startCodeFlow(ctx, req, res, "verification", type, checked.returnTo);
    // Unlike recovery, verification forms put the CSRF token last and API flows have none.
    flow.ui.nodes = csrfLast(flow, flow.ui.nodes);
    if (type === "browser" && !isJsonRequest(req)) {
      return redirect(res, withFlowId(ctx.config.flows.verification.uiUrl, flow.id));
    }
    sendJson(res, 200, codeFlowJson(flow));
  };
}

function csrfLast(flow: FlowRecord, nodes: UiNode[]): UiNode[] {
  const rest = nodes.filter((n) => n.attributes.name !== "csrf_token");
  return flow.type === "browser" ? [...rest, csrfNode(flow.csrfToken ?? "")] : rest;
}

/** The code screen: Kratos' method, code and continue nodes, then the resend button. */
function showCodeSent(flow: FlowRecord, email: string | undefined): void {
  flow.ui.nodes = [
    ...csrfLast(flow, [hiddenMethod(), codeInput(text.labelVerificationCode()), continueButton()]),
    ...(email ? [resendButton(email)] : []),
  ];
  flow.state = "sent_email";
  flow.ui.messages = [text.verificationCodeSent()];
}

/** The link in the mail opens the flow with the code filled in (GET /self-service/verification). */
function verificationLink(ctx: KratosContext, flow: FlowRecord, code: string): string {
  return urlFor(ctx.publicBaseUrl, "/self-service/verification", { flow: flow.id, code });
}

function mailCode(
  ctx: KratosContext,
  flow: FlowRecord,
  address: VerifiableAddress,
  identityId: string,
) {
  const expiresAt = new Date(ctx.now().getTime() + ctx.config.code.lifespanMs);
  const code = ctx.codes.issue(flow.id, identityId, address, expiresAt);
  ctx.courier.verificationCode(address.value, code, verificationLink(ctx, flow, code));
  if (address.status === "pending") {
    address.status = "sent";
    address.updated_at = ctx.now().toISOString();
    ctx.store.save();
  }
}

/** Unknown addresses get no code (a notice only with `notify_unknown_recipients`). */
function sendVerificationCode(ctx: KratosContext, flow: FlowRecord, email: string) {
  ctx.codes.revoke(flow.id);
  const known = findEmailAddress(ctx, email, (identity) => identity.verifiableAddresses);
  if (known) return mailCode(ctx, flow, known.address, known.identity.id);
  if (ctx.config.flows.verification.notifyUnknownRecipients) {
    ctx.courier.verificationUnknownAddress(email);
  }
}

/**
 * After registration Kratos mails a code for the first unverified address, in a new
 * verification flow of the registration's type. Returns the `show_verification_ui` item.
 */
export function startVerificationAfterRegistration(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  registration: FlowRecord,
  identity: IdentityRecord,
): { action: "show_verification_ui"; flow: Record<string, string> } | undefined {
  if (!ctx.config.flows.verification.enabled) return undefined;
  const address = identity.verifiableAddresses.find((a) => !a.verified && a.value !== "");
  if (!address) return undefined;
  const type = registration.type;
  // It carries on where registration was asked to go (its request URL and return_to).
  const flow = startCodeFlow(ctx, req, res, "verification", type, registration.returnTo);
  flow.requestUrl = registration.requestUrl;
  // Signing in regenerated the CSRF cookie; Kratos binds this flow to yet another one.
  if (type === "browser") rebindCsrf(flow, ctx.csrf.regenerate(res));
  showCodeSent(flow, undefined);
  flow.ui.nodes.push(resendButton(address.value));
  mailCode(ctx, flow, address, identity.id);
  return {
    action: "show_verification_ui",
    flow: {
      id: flow.id,
      verifiable_address: address.value,
      ...(type === "browser"
        ? { url: withFlowId(ctx.config.flows.verification.uiUrl, flow.id) }
        : {}),
    },
  };
}

/** A new flow in place of a finished or exhausted one: JSON clients get a 410 naming it. */
function retryVerification(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  old: FlowRecord,
  message: UiText,
  replacedReason: string,
) {
  const flow = restartCodeFlow(ctx, req, res, old, message);
  flow.ui.nodes = csrfLast(flow, flow.ui.nodes);
  if (!isJsonRequest(req)) {
    return redirect(res, withFlowId(ctx.config.flows.verification.uiUrl, flow.id));
  }
  sendJson(res, 410, {
    ...herodotBody(
      {
        status: 410,
        id: "self_service_flow_replaced",
        reason: replacedReason,
        message: "self-service flow replaced",
      },
      req,
    ),
    use_flow_id: flow.id,
  });
}

/** POST (and the mail link's GET) /self-service/verification?flow= */
export async function updateVerificationFlow(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const flow = ctx.flows.get(url.searchParams.get("flow"), "verification");
  if (!flow) {
    return answerFlowError(ctx, req, res, undefined, {
      status: 404,
      reason: "The verification request could not be found. Please restart the flow.",
    });
  }
  if (isExpired(ctx, flow)) {
    const expiredAt = new Date(flow.expiresAt);
    const next = restartCodeFlow(
      ctx,
      req,
      res,
      flow,
      text.verificationFlowExpired(expiredAt, ctx.now()),
    );
    next.ui.nodes = csrfLast(next, next.ui.nodes);
    if (flow.type === "api" || isJsonRequest(req)) return redirectToFlowRead(ctx, res, next);
    return redirect(res, withFlowId(ctx.config.flows.verification.uiUrl, next.id));
  }
  const body =
    req.method === "GET" ? Object.fromEntries(url.searchParams) : await readSubmission(req);
  const code = textField(body, "code");
  const method = textField(body, "method") || (code ? "code" : "");
  const invalid = () => showCodeFlow(ctx, req, res, flow, 400);

  if (method !== "code") {
    resetMessages(flow.ui);
    applyProblems(flow.ui, [{ field: "", message: text.verificationNoStrategy() }]);
    return invalid();
  }
  if (flow.state === "passed_challenge") {
    return retryVerification(
      ctx,
      req,
      res,
      flow,
      text.verificationRetrySuccess(),
      "An error occured, please use the new flow.",
    );
  }
  if (code) {
    if (req.method === "GET") return openFromLink(ctx, res, flow, code);
    return useVerificationCode(ctx, req, res, flow, code);
  }
  const email = textField(body, "email");
  if (email === "") {
    resetMessages(flow.ui);
    flow.ui.nodes = [...flow.ui.nodes.filter((n) => n.attributes.name !== "email"), emailInput("")];
    applyProblems(flow.ui, [{ field: "email", message: text.required("email") }]);
    return invalid();
  }
  const csrfError = submissionCsrfError(ctx, flow, req, body.csrf_token);
  if (csrfError) return answerFlowError(ctx, req, res, flow, csrfError);
  flow.updatedAt = ctx.now().toISOString();
  sendVerificationCode(ctx, flow, email);
  showCodeSent(flow, email);
  showCodeFlow(ctx, req, res, flow, 200);
}

/** The mail's link: the code goes into the form and the browser to the verification UI. */
function openFromLink(ctx: KratosContext, res: ServerResponse, flow: FlowRecord, code: string) {
  const node = flow.ui.nodes.find((n) => n.attributes.name === "code");
  if (node) node.attributes.value = code;
  if (flow.type === "browser") rebindCsrf(flow, ctx.csrf.regenerate(res));
  redirect(res, withFlowId(ctx.config.flows.verification.uiUrl, flow.id));
}

function useVerificationCode(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  flow: FlowRecord,
  code: string,
) {
  const used = spendSubmittedCode(ctx, req, res, flow, code, {
    addresses: (identity) => identity.verifiableAddresses,
    invalid: text.verificationCodeInvalid,
    restart: (message) =>
      retryVerification(ctx, req, res, flow, message, "An error occured, please retry the flow."),
  });
  if (!used) return;
  const identity = ctx.store.identities.get(used.identityId);
  const at = ctx.now().toISOString();
  for (const address of identity?.verifiableAddresses ?? []) {
    if (address.id !== used.address.id) continue;
    address.verified = true;
    address.verified_at = at;
    address.status = "completed";
    address.updated_at = at;
  }
  ctx.store.save();

  const returnTo =
    flow.returnTo ??
    ctx.config.flows.verification.afterReturnUrl ??
    ctx.config.defaultBrowserReturnUrl;
  flow.state = "passed_challenge";
  flow.ui = {
    action: returnTo,
    method: "GET",
    nodes: flow.type === "browser" ? [csrfNode(flow.csrfToken ?? "")] : [],
    messages: [text.verificationSuccessful()],
  };
  flow.continueUrl = returnTo;
  showCodeFlow(ctx, req, res, flow, 200);
}
