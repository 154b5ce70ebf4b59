import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, sendError, sendJson } from "../../http.ts";
import type { KratosContext } from "../context.ts";
import { redirect } from "../flow-errors.ts";
import { isJsonRequest } from "../negotiation.ts";
import { verifyPassword } from "../password.ts";
import type { SessionRecord } from "../store.ts";
import { text } from "../text.ts";
import {
  addMessage,
  applyProblems,
  inputNode,
  resetMessages,
  setValue,
  type UiNode,
} from "../ui.ts";
import {
  answerExpiredSubmit,
  answerFlowError,
  answerInvalidSubmission,
  answersWithJson,
  bindCsrf,
  checkReturnTo,
  type FlowRecord,
  type FlowType,
  finalReturnTo,
  newFlow,
  notFound,
  readSubmission,
  rebindCsrf,
  sendNewFlow,
  sessionAlreadyAvailable,
  submissionCsrfError,
} from "./flow.ts";

function loginNodes(ctx: KratosContext): UiNode[] {
  return [
    inputNode({
      name: "identifier",
      type: "text",
      group: "default",
      value: "",
      required: true,
      label: ctx.schemas.default.identifierLabel(),
    }),
    inputNode({
      name: "password",
      type: "password",
      group: "password",
      required: true,
      autocomplete: "current-password",
      label: text.labelPassword(),
    }),
    inputNode({
      name: "method",
      type: "submit",
      group: "password",
      value: "password",
      label: text.signInWithPassword(),
    }),
  ];
}

export function loginFlowJson(flow: FlowRecord) {
  return {
    id: flow.id,
    organization_id: null,
    type: flow.type,
    expires_at: flow.expiresAt,
    issued_at: flow.issuedAt,
    request_url: flow.requestUrl,
    ...(flow.returnTo ? { return_to: flow.returnTo } : {}),
    ...(flow.active ? { active: flow.active } : {}),
    ui: flow.ui,
    created_at: flow.issuedAt,
    updated_at: flow.updatedAt,
    refresh: flow.refresh ?? false,
    requested_aal: "aal1",
    state: flow.state,
  };
}

function startLoginFlow(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  type: FlowType,
  options: { returnTo?: string; refresh?: boolean } = {},
): FlowRecord {
  const flow = newFlow(ctx, req, {
    kind: "login",
    type,
    lifespanMs: ctx.config.flows.login.lifespanMs,
    returnTo: options.returnTo,
    state: "choose_method",
  });
  flow.refresh = options.refresh ?? false;
  flow.ui.nodes = loginNodes(ctx);
  bindCsrf(ctx, flow, req, res);
  ctx.flows.add(flow);
  return flow;
}

/** GET /self-service/login/browser and /self-service/login/api */
export function createLoginFlow(type: FlowType) {
  return (ctx: KratosContext, req: IncomingMessage, res: ServerResponse, url: URL) => {
    const refresh = url.searchParams.get("refresh") === "true";
    let returnTo: string | undefined;
    try {
      returnTo = checkReturnTo(ctx, url.searchParams.get("return_to"));
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (type === "api") sendError(res, error.error, req);
      else ctx.flowErrors.forward(req, res, error.error);
      return;
    }
    if (ctx.sessions.fromRequest(req) && !refresh) {
      if (type === "api" || isJsonRequest(req)) {
        sendError(res, sessionAlreadyAvailable("login"), req);
      } else {
        redirect(res, returnTo ?? ctx.config.defaultBrowserReturnUrl);
      }
      return;
    }
    const flow = startLoginFlow(ctx, req, res, type, { returnTo, refresh });
    sendNewFlow(req, res, flow, ctx.config.flows.login.uiUrl, loginFlowJson(flow));
  };
}

/** POST /self-service/login?flow= */
export async function updateLoginFlow(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const flow = ctx.flows.get(url.searchParams.get("flow"), "login");
  if (!flow) return answerFlowError(ctx, req, res, undefined, notFound());
  const body = await readSubmission(req);

  const current = ctx.sessions.fromRequest(req);
  if (current && !flow.refresh) {
    if (answersWithJson(flow, req)) sendError(res, sessionAlreadyAvailable("login"), req);
    else redirect(res, finalReturnTo(ctx, flow, ctx.config.flows.login.afterReturnUrl));
    return;
  }

  if (new Date(flow.expiresAt).getTime() <= ctx.now().getTime()) {
    const replacement = startLoginFlow(ctx, req, res, flow.type, {
      returnTo: flow.returnTo,
      refresh: flow.refresh,
    });
    addMessage(replacement.ui, text.loginFlowExpired(new Date(flow.expiresAt), ctx.now()));
    return answerExpiredSubmit(ctx, req, res, flow, replacement, ctx.config.flows.login.uiUrl);
  }

  const csrfError = submissionCsrfError(ctx, flow, req, body.csrf_token);
  if (csrfError) return answerFlowError(ctx, req, res, flow, csrfError);

  resetMessages(flow.ui);
  flow.updatedAt = ctx.now().toISOString();
  const identifier = typeof body.identifier === "string" ? body.identifier : "";
  const password = typeof body.password === "string" ? body.password : "";
  setValue(flow.ui, "identifier", identifier);
  const invalid = () =>
    answerInvalidSubmission(req, res, flow, ctx.config.flows.login.uiUrl, loginFlowJson(flow));

  if (body.method !== "password") {
    addMessage(flow.ui, {
      id: 4010002,
      text: "Could not find a strategy to log you in with. Did you fill out the form correctly?",
      type: "error",
    });
    return invalid();
  }
  flow.active = "password";
  const missing = [
    ...(identifier ? [] : [{ field: "identifier", message: text.required("identifier") }]),
    ...(password ? [] : [{ field: "password", message: text.required("password") }]),
  ];
  if (missing.length > 0) {
    applyProblems(flow.ui, missing);
    return invalid();
  }

  const identity = ctx.store.findByPasswordIdentifier(identifier);
  const hash = identity?.password?.hashedPassword;
  const passwordOk = hash ? await verifyPassword(password, hash) : false;
  if (!identity || !passwordOk) {
    addMessage(flow.ui, text.invalidCredentials());
    return invalid();
  }
  if (identity.state !== "active") {
    return answerFlowError(ctx, req, res, flow, {
      status: 401,
      message: "identity is disabled",
      reason: "This account was disabled.",
    });
  }

  let session: SessionRecord;
  if (flow.refresh && current && current.identityId === identity.id) {
    // Re-authentication refreshes the existing session instead of starting another one.
    session = current;
    session.authenticatedAt = ctx.now().toISOString();
    session.methods = [{ method: "password", aal: "aal1", completed_at: session.authenticatedAt }];
    ctx.store.save();
  } else {
    session = ctx.sessions.issue(identity, req);
  }
  flow.state = "passed_challenge";

  if (flow.type === "api") {
    sendJson(res, 200, { session: ctx.sessions.json(session), session_token: session.token });
    return;
  }
  ctx.sessions.setCookie(res, session);
  rebindCsrf(flow, ctx.csrf.regenerate(res));
  const returnTo = finalReturnTo(ctx, flow, ctx.config.flows.login.afterReturnUrl);
  if (answersWithJson(flow, req)) {
    sendJson(res, 200, {
      session: ctx.sessions.json(session),
      continue_with: [{ action: "redirect_browser_to", redirect_browser_to: returnTo }],
    });
  } else {
    redirect(res, returnTo);
  }
}
