import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "../../http.ts";
import type { KratosContext } from "../context.ts";
import { redirect } from "../flow-errors.ts";
import { verifySignInPassword } from "../password.ts";
import { identityDisabled } from "../sessions.ts";
import type { IdentityRecord, SessionRecord } from "../store.ts";
import { text } from "../text.ts";
import {
  addMessage,
  applyProblems,
  inputNode,
  methodButton,
  passwordNode,
  resetMessages,
  setValue,
  type UiNode,
} from "../ui.ts";
import {
  answerAlreadySignedIn,
  answerFlowError,
  answersWithJson,
  type FlowRecord,
  type FlowType,
  finalReturnTo,
  notFound,
  readSubmission,
  showFlow,
} from "./flow.ts";
import { flowFields, startFlow, startReturnTo } from "./start.ts";
import { acceptSubmission, answerFinished, setBrowserSession, textField } from "./submit.ts";

/**
 * Re-authentication (`refresh=true` with a session) asks only for the password: the
 * identity's first identifier rides along as a hidden field, as Kratos renders it.
 */
function refreshNodes(identity: IdentityRecord): UiNode[] {
  const identifier = identity.password?.identifiers[0];
  if (!identifier || !identity.password?.hashedPassword) return [];
  return [
    inputNode({ name: "identifier", type: "hidden", group: "default", value: identifier }),
    passwordNode("current-password"),
    methodButton("password", text.signIn()),
  ];
}

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
  options: { returnTo?: string; refreshing?: IdentityRecord } = {},
): FlowRecord {
  const flow = startFlow(ctx, req, res, {
    kind: "login",
    type,
    returnTo: options.returnTo,
    state: "choose_method",
    refresh: options.refreshing !== undefined,
    nodes: options.refreshing ? refreshNodes(options.refreshing) : loginNodes(ctx),
  });
  if (options.refreshing) addMessage(flow.ui, text.confirmItIsYou());
  return flow;
}

/** GET /self-service/login/browser and /self-service/login/api */
export function createLoginFlow(type: FlowType) {
  return (ctx: KratosContext, req: IncomingMessage, res: ServerResponse, url: URL) => {
    const refresh = url.searchParams.get("refresh") === "true";
    const checked = startReturnTo(ctx, req, res, type, url);
    if (!checked) return;
    const { returnTo } = checked;
    const session = ctx.sessions.fromRequest(req);
    if (session && !refresh) {
      const redirectTo = returnTo ?? ctx.config.defaultBrowserReturnUrl;
      return answerAlreadySignedIn(req, res, type, "login", redirectTo);
    }
    // Without a session there is nothing to refresh: Kratos starts an ordinary login.
    const refreshing = session && ctx.store.identities.get(session.identityId);
    const flow = startLoginFlow(ctx, req, res, type, { returnTo, refreshing });
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
  if (current && !flow.refresh) return answerSignedInSubmission(ctx, req, res, flow);

  const restart = () =>
    startLoginFlow(ctx, req, res, flow.type, {
      returnTo: flow.returnTo,
      refreshing:
        flow.refresh && current ? ctx.store.identities.get(current.identityId) : undefined,
    });
  const render = () => loginFlowJson(flow);
  if (!acceptSubmission(ctx, req, res, flow, body, restart, render)) return;

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
  const passwordOk = await verifySignInPassword(password, hash, ctx.config.bcryptCost);
  if (!identity || !passwordOk) {
    addMessage(flow.ui, text.invalidCredentials());
    return invalid();
  }
  if (identity.state !== "active") {
    return answerFlowError(ctx, req, res, flow, identityDisabled(identity.id));
  }

  let session: SessionRecord;
  if (flow.refresh && current && current.identityId === identity.id) {
    // Re-authentication refreshes the existing session instead of starting another one.
    session = current;
    ctx.sessions.reauthenticate(session);
  } else {
    session = ctx.sessions.issue(identity, req);
  }
  flow.state = "passed_challenge";

  if (flow.type === "api") {
    sendJson(res, 200, {
      session_token: session.token,
      session: ctx.sessions.json(session),
      continue_with: null,
    });
    return;
  }
  setBrowserSession(ctx, res, flow, session, current);
  const returnTo = finalReturnTo(ctx, flow, ctx.config.flows.login.afterReturnUrl);
  answerFinished(req, res, flow, returnTo, { session: ctx.sessions.json(session) });
}

/**
 * Submitting a login (not a refresh) while signed in: plain browsers go to the global
 * default return URL; API flows and SPAs get the flow back with a 400 whose form message
 * (4000001) carries the reason.
 */
function answerSignedInSubmission(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  flow: FlowRecord,
) {
  if (!answersWithJson(flow, req)) return redirect(res, ctx.config.defaultBrowserReturnUrl);
  resetMessages(flow.ui);
  addMessage(
    flow.ui,
    text.generic(
      "A valid session was detected and thus login is not possible. Did you forget to set `?refresh=true`?",
    ),
  );
  sendJson(res, 400, loginFlowJson(flow));
}
