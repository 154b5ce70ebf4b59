import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "../../http.ts";
import type { KratosContext } from "../context.ts";
import { verifyPassword } from "../password.ts";
import type { SessionRecord } from "../store.ts";
import { text } from "../text.ts";
import {
  addMessage,
  applyProblems,
  inputNode,
  methodButton,
  passwordNode,
  setValue,
  type UiNode,
} from "../ui.ts";
import {
  answerAlreadySignedIn,
  answerFlowError,
  type FlowRecord,
  type FlowType,
  finalReturnTo,
  notFound,
  readSubmission,
  showFlow,
} from "./flow.ts";
import { flowFields, startFlow, startReturnTo } from "./start.ts";
import { acceptSubmission, answerFinished, setBrowserSession, textField } from "./submit.ts";

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
    passwordNode("current-password"),
    methodButton("password", text.signInWithPassword()),
  ];
}

export function loginFlowJson(flow: FlowRecord) {
  return {
    ...flowFields(flow, { organization_id: null }),
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
  return startFlow(ctx, req, res, {
    kind: "login",
    type,
    returnTo: options.returnTo,
    state: "choose_method",
    refresh: options.refresh ?? false,
    nodes: loginNodes(ctx),
  });
}

/** GET /self-service/login/browser and /self-service/login/api */
export function createLoginFlow(type: FlowType) {
  return (ctx: KratosContext, req: IncomingMessage, res: ServerResponse, url: URL) => {
    const refresh = url.searchParams.get("refresh") === "true";
    const checked = startReturnTo(ctx, req, res, type, url);
    if (!checked) return;
    const { returnTo } = checked;
    if (ctx.sessions.fromRequest(req) && !refresh) {
      const redirectTo = returnTo ?? ctx.config.defaultBrowserReturnUrl;
      return answerAlreadySignedIn(req, res, type, "login", redirectTo);
    }
    const flow = startLoginFlow(ctx, req, res, type, { returnTo, refresh });
    showFlow(req, res, flow, ctx.config.flows.login.uiUrl, 200, loginFlowJson(flow));
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
    const redirectTo = finalReturnTo(ctx, flow, ctx.config.flows.login.afterReturnUrl);
    return answerAlreadySignedIn(req, res, flow.type, "login", redirectTo);
  }

  const restart = () =>
    startLoginFlow(ctx, req, res, flow.type, { returnTo: flow.returnTo, refresh: flow.refresh });
  if (!acceptSubmission(ctx, req, res, flow, body, restart)) return;

  const identifier = textField(body, "identifier");
  const password = textField(body, "password");
  setValue(flow.ui, "identifier", identifier);
  const invalid = () =>
    showFlow(req, res, flow, ctx.config.flows.login.uiUrl, 400, loginFlowJson(flow));

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
  setBrowserSession(ctx, res, flow, session);
  const returnTo = finalReturnTo(ctx, flow, ctx.config.flows.login.afterReturnUrl);
  answerFinished(req, res, flow, returnTo, { session: ctx.sessions.json(session) });
}
