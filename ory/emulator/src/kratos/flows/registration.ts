import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, sendError, sendJson } from "../../http.ts";
import type { KratosContext } from "../context.ts";
import { redirect } from "../flow-errors.ts";
import { buildIdentity, identityJson } from "../identities.ts";
import { isJsonRequest } from "../negotiation.ts";
import { hashPassword, passwordPolicyViolation } from "../password.ts";
import type { FieldProblem, IdentitySchema } from "../schema.ts";
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
  finalReturnTo,
  newFlow,
  notFound,
  readSubmission,
  rebindCsrf,
  sendNewFlow,
  sessionAlreadyAvailable,
  submissionCsrfError,
} from "./flow.ts";

/**
 * The unified (one screen) password registration form: identifier traits, the password,
 * the remaining traits, then the submit button — the order Kratos sorts them in.
 */
function registrationNodes(schema: IdentitySchema): UiNode[] {
  const traits = schema.traitNodes("default");
  const identifierFields = new Set(schema.passwordIdentifierFields().map((field) => field.name));
  return [
    ...traits.filter((n) => identifierFields.has(n.attributes.name)),
    inputNode({
      name: "password",
      type: "password",
      group: "password",
      required: true,
      autocomplete: "new-password",
      label: text.labelPassword(),
    }),
    ...traits.filter((n) => !identifierFields.has(n.attributes.name)),
    inputNode({
      name: "method",
      type: "submit",
      group: "password",
      value: "password",
      label: text.signUp(),
    }),
  ];
}

export function registrationFlowJson(flow: FlowRecord) {
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
    state: flow.state,
  };
}

function startRegistrationFlow(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  type: FlowType,
  returnTo?: string,
): FlowRecord {
  const flow = newFlow(ctx, req, {
    kind: "registration",
    type,
    lifespanMs: ctx.config.flows.registration.lifespanMs,
    returnTo,
    state: "choose_method",
  });
  flow.ui.nodes = registrationNodes(ctx.schemas.default);
  bindCsrf(ctx, flow, req, res);
  ctx.flows.add(flow);
  return flow;
}

const registrationDisabled = {
  status: 400,
  id: "self_service_flow_disabled",
  message: "registration flow disabled",
  reason: "Registration is not allowed because it was disabled.",
};

/** GET /self-service/registration/browser and /self-service/registration/api */
export function createRegistrationFlow(type: FlowType) {
  return (ctx: KratosContext, req: IncomingMessage, res: ServerResponse, url: URL) => {
    const fail = (error: HttpError["error"]) =>
      type === "api" ? sendError(res, error, req) : ctx.flowErrors.forward(req, res, error);
    if (!ctx.config.flows.registration.enabled) return fail(registrationDisabled);
    let returnTo: string | undefined;
    try {
      returnTo = checkReturnTo(ctx, url.searchParams.get("return_to"));
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      return fail(error.error);
    }
    if (ctx.sessions.fromRequest(req)) {
      if (type === "api" || isJsonRequest(req)) {
        sendError(res, sessionAlreadyAvailable("registration"), req);
      } else {
        redirect(res, returnTo ?? ctx.config.defaultBrowserReturnUrl);
      }
      return;
    }
    const flow = startRegistrationFlow(ctx, req, res, type, returnTo);
    sendNewFlow(req, res, flow, ctx.config.flows.registration.uiUrl, registrationFlowJson(flow));
  };
}

/** Turns form strings into the JSON types the identity schema declares. */
export function traitCoercer(schema: IdentitySchema) {
  return (path: string[], value: string): unknown => {
    const type = schema.traitType(path);
    if ((type === "number" || type === "integer") && value.trim() !== "") {
      const n = Number(value);
      return Number.isNaN(n) ? value : n;
    }
    if (type === "boolean") return value === "true" || value === "on";
    return value;
  };
}

/** POST /self-service/registration?flow= */
export async function updateRegistrationFlow(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const uiUrl = ctx.config.flows.registration.uiUrl;
  const flow = ctx.flows.get(url.searchParams.get("flow"), "registration");
  if (!flow) return answerFlowError(ctx, req, res, undefined, notFound());
  const schema = ctx.schemas.default;
  const body = await readSubmission(req, traitCoercer(schema));

  if (ctx.sessions.fromRequest(req)) {
    if (answersWithJson(flow, req)) sendError(res, sessionAlreadyAvailable("registration"), req);
    else redirect(res, finalReturnTo(ctx, flow, ctx.config.flows.registration.afterReturnUrl));
    return;
  }

  if (new Date(flow.expiresAt).getTime() <= ctx.now().getTime()) {
    const replacement = startRegistrationFlow(ctx, req, res, flow.type, flow.returnTo);
    addMessage(replacement.ui, text.registrationFlowExpired(new Date(flow.expiresAt), ctx.now()));
    return answerExpiredSubmit(ctx, req, res, flow, replacement, uiUrl);
  }

  const csrfError = submissionCsrfError(ctx, flow, req, body.csrf_token);
  if (csrfError) return answerFlowError(ctx, req, res, flow, csrfError);

  resetMessages(flow.ui);
  flow.updatedAt = ctx.now().toISOString();
  const traits =
    body.traits && typeof body.traits === "object" && !Array.isArray(body.traits)
      ? (body.traits as Record<string, unknown>)
      : {};
  for (const [name, value] of flattenFields("traits", traits)) setValue(flow.ui, name, value);
  const invalid = (problems: FieldProblem[]) => {
    applyProblems(flow.ui, problems);
    answerInvalidSubmission(req, res, flow, uiUrl, registrationFlowJson(flow));
  };

  if (body.method !== "password") {
    return invalid([
      {
        field: "",
        message: {
          id: 4010003,
          text: "Could not find a strategy to sign you up with. Did you fill out the form correctly?",
          type: "error",
        },
      },
    ]);
  }
  flow.active = "password";
  const password = typeof body.password === "string" ? body.password : "";
  if (!password) return invalid([{ field: "password", message: text.required("password") }]);

  const schemaProblems = schema.validate(traits);
  if (schemaProblems.length > 0) return invalid(schemaProblems);
  const identifiers = schema.passwordIdentifiers(traits);
  if (identifiers.length === 0) return invalid([{ field: "", message: text.identifierMissing() }]);
  const policy = passwordPolicyViolation(ctx.config, identifiers, password);
  if (policy) return invalid([{ field: "password", message: policy }]);
  if (ctx.store.identifierConflict(identifiers)) {
    return invalid([{ field: "", message: text.duplicateCredentials() }]);
  }

  const identity = buildIdentity({
    schema,
    traits,
    hashedPassword: await hashPassword(password, ctx.config.bcryptCost),
    now: ctx.now(),
  });
  // Hashing yields to the event loop; a concurrent registration may have taken the address.
  if (ctx.store.identifierConflict(identifiers)) {
    return invalid([{ field: "", message: text.duplicateCredentials() }]);
  }
  ctx.store.identities.set(identity.id, identity);
  ctx.store.save();
  flow.state = "passed_challenge";

  const identityBody = identityJson(identity, ctx.publicBaseUrl);
  const session = ctx.config.flows.registration.issueSession
    ? ctx.sessions.issue(identity, req)
    : undefined;

  if (flow.type === "api") {
    sendJson(res, 200, {
      identity: identityBody,
      ...(session
        ? {
            session: ctx.sessions.json(session),
            session_token: session.token,
            continue_with: [{ action: "set_ory_session_token", ory_session_token: session.token }],
          }
        : {}),
    });
    return;
  }
  if (session) {
    ctx.sessions.setCookie(res, session);
    rebindCsrf(flow, ctx.csrf.regenerate(res));
  }
  const returnTo = finalReturnTo(ctx, flow, ctx.config.flows.registration.afterReturnUrl);
  if (answersWithJson(flow, req)) {
    sendJson(res, 200, {
      identity: identityBody,
      ...(session ? { session: ctx.sessions.json(session) } : {}),
      continue_with: [{ action: "redirect_browser_to", redirect_browser_to: returnTo }],
    });
  } else {
    redirect(res, returnTo);
  }
}
