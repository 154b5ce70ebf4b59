import type { IncomingMessage, ServerResponse } from "node:http";
import { type HerodotError, HttpError, herodotBody, sendError, sendJson } from "../../http.ts";
import { type KratosContext, urlFor } from "../context.ts";
import { redirect } from "../flow-errors.ts";
import { identityJson, syncDerivedFields } from "../identities.ts";
import { isJsonRequest } from "../negotiation.ts";
import { hashPassword, passwordPolicyViolation } from "../password.ts";
import type { FieldProblem } from "../schema.ts";
import type { IdentityRecord, SessionRecord } from "../store.ts";
import { text } from "../text.ts";
import {
  addMessage,
  applyProblems,
  flattenFields,
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
  newFlow,
  notFound,
  readSubmission,
  sendNewFlow,
  submissionCsrfError,
  withFlowId,
} from "./flow.ts";
import { traitCoercer } from "./registration.ts";

export const noActiveSession = (): HerodotError => ({
  status: 401,
  id: "session_inactive",
  message: "request does not have a valid authentication session",
  reason: "No active session was found in this request.",
});

const identityMismatch = (): HerodotError => ({
  status: 403,
  id: "security_identity_mismatch",
  message: "The requested action was forbidden",
  reason:
    "You must restart the flow because the resumable session was initiated by another person.",
});

/** Profile form (traits with current values) and password form, as Kratos renders them. */
function settingsNodes(ctx: KratosContext, identity: IdentityRecord): UiNode[] {
  const schema = ctx.schemas.get(identity.schemaId) ?? ctx.schemas.default;
  const traits = schema.traitNodes("profile");
  const nodes = [
    ...traits,
    inputNode({
      name: "method",
      type: "submit",
      group: "profile",
      value: "profile",
      label: text.labelSave(),
    }),
    inputNode({
      name: "password",
      type: "password",
      group: "password",
      required: true,
      autocomplete: "new-password",
      label: text.labelPassword(),
    }),
    inputNode({
      name: "method",
      type: "submit",
      group: "password",
      value: "password",
      label: text.labelSave(),
    }),
  ];
  const container = { action: "", method: "POST" as const, nodes };
  for (const [name, value] of flattenFields("traits", identity.traits)) {
    setValue(container, name, value);
  }
  return nodes;
}

export function settingsFlowJson(ctx: KratosContext, flow: FlowRecord) {
  const identity = ctx.store.identities.get(flow.identityId ?? "");
  return {
    id: flow.id,
    type: flow.type,
    expires_at: flow.expiresAt,
    issued_at: flow.issuedAt,
    request_url: flow.requestUrl,
    ...(flow.returnTo ? { return_to: flow.returnTo } : {}),
    ...(flow.active ? { active: flow.active } : {}),
    ui: flow.ui,
    identity: identity ? identityJson(identity, ctx.publicBaseUrl) : null,
    state: flow.state,
  };
}

function startSettingsFlow(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  type: FlowType,
  identity: IdentityRecord,
  returnTo?: string,
): FlowRecord {
  const flow = newFlow(ctx, req, {
    kind: "settings",
    type,
    lifespanMs: ctx.config.flows.settings.lifespanMs,
    returnTo,
    state: "show_form",
  });
  flow.identityId = identity.id;
  flow.ui.nodes = settingsNodes(ctx, identity);
  bindCsrf(ctx, flow, req, res);
  ctx.flows.add(flow);
  return flow;
}

/** Without a session a browser goes to login (keeping return_to); JSON callers get a 401. */
function answerUnauthenticated(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  if (isJsonRequest(req) || req.headers["x-session-token"]) {
    return sendError(res, noActiveSession(), req);
  }
  redirect(
    res,
    urlFor(ctx.publicBaseUrl, "/self-service/login/browser", {
      return_to: url.searchParams.get("return_to") ?? undefined,
    }),
  );
}

/** GET /self-service/settings/browser and /self-service/settings/api */
export function createSettingsFlow(type: FlowType) {
  return (ctx: KratosContext, req: IncomingMessage, res: ServerResponse, url: URL) => {
    const session = ctx.sessions.fromRequest(req);
    const identity = session && ctx.store.identities.get(session.identityId);
    if (!identity) {
      if (type === "api") return sendError(res, noActiveSession(), req);
      return answerUnauthenticated(ctx, req, res, url);
    }
    let returnTo: string | undefined;
    try {
      returnTo = checkReturnTo(ctx, url.searchParams.get("return_to"));
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (type === "api") return sendError(res, error.error, req);
      return ctx.flowErrors.forward(req, res, error.error);
    }
    const flow = startSettingsFlow(ctx, req, res, type, identity, returnTo);
    sendNewFlow(req, res, flow, ctx.config.flows.settings.uiUrl, settingsFlowJson(ctx, flow));
  };
}

/** Settings flows may only be read by the session of the identity they belong to. */
export function authorizeSettingsRead(
  ctx: KratosContext,
  req: IncomingMessage,
  flow: FlowRecord,
): HerodotError | undefined {
  const session = ctx.sessions.fromRequest(req);
  if (!session) return noActiveSession();
  if (session.identityId !== flow.identityId) return identityMismatch();
  return undefined;
}

function isPrivileged(ctx: KratosContext, session: SessionRecord): boolean {
  const authenticatedAt = new Date(session.authenticatedAt).getTime();
  return (
    authenticatedAt + ctx.config.flows.settings.privilegedSessionMaxAgeMs > ctx.now().getTime()
  );
}

/** 403 session_refresh_required: JSON names the re-login URL, browsers are sent there. */
function answerNeedsReauthentication(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  flow: FlowRecord,
) {
  const redirectTo = urlFor(ctx.publicBaseUrl, "/self-service/login/browser", {
    refresh: "true",
    return_to: urlFor(ctx.publicBaseUrl, "/self-service/settings", { flow: flow.id }),
  });
  if (!answersWithJson(flow, req)) return redirect(res, redirectTo);
  const error: HerodotError = {
    status: 403,
    id: "session_refresh_required",
    reason:
      "The login session is too old and thus not allowed to update these fields. Please re-authenticate.",
  };
  sendJson(res, 403, { ...herodotBody(error, req), redirect_browser_to: redirectTo });
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** POST /self-service/settings?flow= with method `profile` (traits) or `password`. */
export async function updateSettingsFlow(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const uiUrl = ctx.config.flows.settings.uiUrl;
  const flow = ctx.flows.get(url.searchParams.get("flow"), "settings");
  const session = ctx.sessions.fromRequest(req);
  if (!session) return answerUnauthenticated(ctx, req, res, url);
  if (!flow) return answerFlowError(ctx, req, res, undefined, notFound());
  if (session.identityId !== flow.identityId) {
    return answerFlowError(ctx, req, res, flow, identityMismatch());
  }
  const identity = ctx.store.identities.get(session.identityId);
  if (!identity) return sendError(res, noActiveSession(), req);
  const schema = ctx.schemas.get(identity.schemaId) ?? ctx.schemas.default;
  const body = await readSubmission(req, traitCoercer(schema));

  if (new Date(flow.expiresAt).getTime() <= ctx.now().getTime()) {
    const replacement = startSettingsFlow(ctx, req, res, flow.type, identity, flow.returnTo);
    addMessage(replacement.ui, text.settingsFlowExpired(new Date(flow.expiresAt), ctx.now()));
    return answerExpiredSubmit(ctx, req, res, flow, replacement, uiUrl);
  }

  const csrfError = submissionCsrfError(ctx, flow, req, body.csrf_token);
  if (csrfError) return answerFlowError(ctx, req, res, flow, csrfError);

  resetMessages(flow.ui);
  flow.state = "show_form";
  flow.updatedAt = ctx.now().toISOString();
  const invalid = (problems: FieldProblem[]) => {
    applyProblems(flow.ui, problems);
    answerInvalidSubmission(req, res, flow, uiUrl, settingsFlowJson(ctx, flow));
  };

  if (body.method === "profile") {
    flow.active = "profile";
    const traits =
      body.traits && typeof body.traits === "object" && !Array.isArray(body.traits)
        ? (body.traits as Record<string, unknown>)
        : {};
    for (const [name, value] of flattenFields("traits", traits)) setValue(flow.ui, name, value);
    const problems = schema.validate(traits);
    if (problems.length > 0) return invalid(problems);
    const identifiers = schema.passwordIdentifiers(traits);
    const protectedChanged =
      !sameList(identifiers, schema.passwordIdentifiers(identity.traits)) ||
      !sameList(
        schema.verifiableAddresses(traits).map((a) => a.value),
        schema.verifiableAddresses(identity.traits).map((a) => a.value),
      );
    if (protectedChanged && !isPrivileged(ctx, session)) {
      return answerNeedsReauthentication(ctx, req, res, flow);
    }
    if (ctx.store.identifierConflict(identifiers, identity.id)) {
      return invalid([{ field: "", message: text.duplicateCredentials() }]);
    }
    identity.traits = traits;
    syncDerivedFields(identity, schema, ctx.now());
  } else if (body.method === "password") {
    flow.active = "password";
    const password = typeof body.password === "string" ? body.password : "";
    if (!password) return invalid([{ field: "password", message: text.required("password") }]);
    if (!isPrivileged(ctx, session)) return answerNeedsReauthentication(ctx, req, res, flow);
    const identifiers = schema.passwordIdentifiers(identity.traits);
    const policy = passwordPolicyViolation(ctx.config, identifiers, password);
    if (policy) return invalid([{ field: "password", message: policy }]);
    const at = ctx.now().toISOString();
    identity.password = {
      identifiers,
      hashedPassword: await hashPassword(password, ctx.config.bcryptCost),
      createdAt: identity.password?.createdAt ?? at,
      updatedAt: at,
    };
  } else {
    return invalid([
      {
        field: "",
        message: {
          id: 4010004,
          text: "Could not find a strategy to update your settings. Did you fill out the form correctly?",
          type: "error",
        },
      },
    ]);
  }

  identity.updatedAt = ctx.now().toISOString();
  ctx.store.save();
  flow.ui.nodes = [
    ...flow.ui.nodes.filter((n) => n.attributes.name === "csrf_token"),
    ...settingsNodes(ctx, identity),
  ];
  flow.state = "success";
  addMessage(flow.ui, text.settingsSaved());

  if (answersWithJson(flow, req)) return sendJson(res, 200, settingsFlowJson(ctx, flow));
  redirect(
    res,
    flow.returnTo ?? ctx.config.flows.settings.afterReturnUrl ?? withFlowId(uiUrl, flow.id),
  );
}

/**
 * GET /self-service/settings?flow= is where re-authentication returns to; Kratos then
 * shows the flow again.
 */
export function resumeSettingsFlow(
  ctx: KratosContext,
  _req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  redirect(res, withFlowId(ctx.config.flows.settings.uiUrl, url.searchParams.get("flow") ?? ""));
}
