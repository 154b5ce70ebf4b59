import type { IncomingMessage, ServerResponse } from "node:http";
import { type HerodotError, herodotBody, sendError, sendJson } from "../../http.ts";
import { type KratosContext, urlFor } from "../context.ts";
import { redirect } from "../flow-errors.ts";
import { identityJson, syncDerivedFields } from "../identities.ts";
import { isJsonRequest } from "../negotiation.ts";
import { hashPassword, passwordPolicyViolation } from "../password.ts";
import type { FieldProblem } from "../schema.ts";
import type { IdentityRecord, SessionRecord } from "../store.ts";
import { text } from "../text.ts";
import { addMessage, applyProblems, methodButton, passwordNode, type UiNode } from "../ui.ts";
import {
  answerFlowError,
  answersWithJson,
  type FlowRecord,
  type FlowType,
  notFound,
  readSubmission,
  showFlow,
  withFlowId,
} from "./flow.ts";
import { flowFields, startFlow, startReturnTo } from "./start.ts";
import { acceptSubmission, textField } from "./submit.ts";
import { showTraits, submittedTraits, traitCoercer } from "./traits.ts";

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
    methodButton("profile", text.labelSave()),
    passwordNode("new-password"),
    methodButton("password", text.labelSave()),
  ];
  showTraits({ action: "", method: "POST", nodes }, identity.traits);
  return nodes;
}

export function settingsFlowJson(ctx: KratosContext, flow: FlowRecord) {
  const identity = ctx.store.identities.get(flow.identityId ?? "");
  return {
    ...flowFields(flow),
    identity: identity ? identityJson(identity, ctx.publicBaseUrl) : null,
    state: flow.state,
  };
}

export function startSettingsFlow(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  type: FlowType,
  identity: IdentityRecord,
  returnTo?: string,
): FlowRecord {
  return startFlow(ctx, req, res, {
    kind: "settings",
    type,
    returnTo,
    state: "show_form",
    identityId: identity.id,
    nodes: settingsNodes(ctx, identity),
  });
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
    const checked = startReturnTo(ctx, req, res, type, url);
    if (!checked) return;
    const flow = startSettingsFlow(ctx, req, res, type, identity, checked.returnTo);
    showFlow(req, res, flow, ctx.config.flows.settings.uiUrl, 200, settingsFlowJson(ctx, flow));
  };
}

/** Settings flows may only be read by the session of the identity they belong to. */
export function authorizeSettingsRead(
  ctx: KratosContext,
  req: IncomingMessage,
  flow: FlowRecord,
): HerodotError | undefined {
  const session = ctx.sessions.fromRequest(req);
  if (!session) {
    return { status: 401, reason: "A valid Ory Session Cookie or Ory Session Token is missing." };
  }
  if (session.identityId !== flow.identityId) {
    return {
      ...identityMismatch(),
      reason:
        "The request was made for another identity and has been blocked for security reasons.",
    };
  }
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

/** How long a change waiting for re-authentication is kept, as Kratos' continuity. */
const PENDING_CHANGE_LIFESPAN_MS = 15 * 60_000;

/** POST /self-service/settings?flow= with method `profile` (traits) or `password`. */
export function updateSettingsFlow(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  return submitSettings(ctx, req, res, url, (_flow, schema) =>
    readSubmission(req, traitCoercer(schema)),
  );
}

/**
 * GET /self-service/settings?flow= is where the refresh login returns to. A browser that
 * comes back with a change still pending (same identity, within 15 minutes) has it applied
 * now, CSRF token included, exactly as first submitted. Anything else finds no method to
 * run and is shown the flow again.
 */
export function resumeSettingsFlow(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  return submitSettings(ctx, req, res, url, async (flow) => {
    const pending = flow.pendingChange;
    delete flow.pendingChange;
    const resumable =
      pending &&
      !answersWithJson(flow, req) &&
      pending.identityId === flow.identityId &&
      new Date(pending.expiresAt).getTime() > ctx.now().getTime();
    return resumable ? pending.body : {};
  });
}

async function submitSettings(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  readBody: (
    flow: FlowRecord,
    schema: ReturnType<KratosContext["schemas"]["get"]> & object,
  ) => Promise<Record<string, unknown>>,
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
  const body = await readBody(flow, schema);
  const needsReauthentication = () => {
    if (flow.type === "browser") {
      flow.pendingChange = {
        body,
        identityId: identity.id,
        expiresAt: new Date(ctx.now().getTime() + PENDING_CHANGE_LIFESPAN_MS).toISOString(),
      };
    }
    answerNeedsReauthentication(ctx, req, res, flow);
  };

  const restart = () => startSettingsFlow(ctx, req, res, flow.type, identity, flow.returnTo);
  const render = () => settingsFlowJson(ctx, flow);
  const known = body.method === "profile" || body.method === "password";
  if (!acceptSubmission(ctx, req, res, flow, body, restart, render, known)) return;
  flow.state = "show_form";
  const invalid = (problems: FieldProblem[]) => {
    applyProblems(flow.ui, problems);
    showFlow(req, res, flow, uiUrl, 400, settingsFlowJson(ctx, flow));
  };

  if (body.method === "profile") {
    flow.active = "profile";
    const traits = submittedTraits(body);
    showTraits(flow.ui, traits);
    const problems = schema.validate(traits);
    if (problems.length > 0) return invalid(problems);
    const identifiers = schema.passwordIdentifiers(traits);
    const protectedChanged =
      !sameList(identifiers, schema.passwordIdentifiers(identity.traits)) ||
      !sameList(
        schema.verifiableAddresses(traits).map((a) => a.value),
        schema.verifiableAddresses(identity.traits).map((a) => a.value),
      );
    if (protectedChanged && !isPrivileged(ctx, session)) return needsReauthentication();
    if (ctx.store.identifierConflict(identifiers, identity.id)) {
      return invalid([{ field: "", message: text.duplicateCredentials() }]);
    }
    identity.traits = traits;
    syncDerivedFields(identity, schema, ctx.now());
  } else if (body.method === "password") {
    flow.active = "password";
    // Kratos asks for re-authentication before it looks at the password.
    if (!isPrivileged(ctx, session)) return needsReauthentication();
    const password = textField(body, "password");
    if (!password) return invalid([{ field: "password", message: text.required("password") }]);
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
