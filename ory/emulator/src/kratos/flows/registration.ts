import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "../../http.ts";
import type { KratosContext } from "../context.ts";
import { redirect } from "../flow-errors.ts";
import { buildIdentity, identityJson } from "../identities.ts";
import { hashPassword, passwordPolicyViolation } from "../password.ts";
import type { FieldProblem, IdentitySchema } from "../schema.ts";
import { text } from "../text.ts";
import { applyProblems, methodButton, passwordNode, type UiNode } from "../ui.ts";
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
import { answerStartError, flowFields, startFlow, startReturnTo } from "./start.ts";
import { acceptSubmission, answerFinished, setBrowserSession, textField } from "./submit.ts";
import { showTraits, submittedTraits, traitCoercer } from "./traits.ts";
import { startVerificationAfterRegistration } from "./verification.ts";

/**
 * The unified (one screen) password registration form: identifier traits, the password,
 * the remaining traits, then the submit button — the order Kratos sorts them in.
 */
function registrationNodes(schema: IdentitySchema): UiNode[] {
  const traits = schema.traitNodes("default");
  const identifierFields = new Set(schema.passwordIdentifierFields().map((field) => field.name));
  return [
    ...traits.filter((n) => identifierFields.has(n.attributes.name)),
    passwordNode("new-password"),
    ...traits.filter((n) => !identifierFields.has(n.attributes.name)),
    methodButton("password", text.signUp()),
  ];
}

export function registrationFlowJson(flow: FlowRecord) {
  return { ...flowFields(flow, { organization_id: null }), state: flow.state };
}

function startRegistrationFlow(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  type: FlowType,
  returnTo?: string,
): FlowRecord {
  return startFlow(ctx, req, res, {
    kind: "registration",
    type,
    returnTo,
    state: "choose_method",
    nodes: registrationNodes(ctx.schemas.default),
  });
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
    if (!ctx.config.flows.registration.enabled) {
      return answerStartError(ctx, req, res, type, registrationDisabled);
    }
    const checked = startReturnTo(ctx, req, res, type, url);
    if (!checked) return;
    const { returnTo } = checked;
    if (ctx.sessions.fromRequest(req)) {
      const redirectTo = returnTo ?? ctx.config.defaultBrowserReturnUrl;
      return answerAlreadySignedIn(req, res, type, "registration", redirectTo);
    }
    const flow = startRegistrationFlow(ctx, req, res, type, returnTo);
    showFlow(req, res, flow, ctx.config.flows.registration.uiUrl, 200, registrationFlowJson(flow));
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
    const redirectTo = finalReturnTo(ctx, flow, ctx.config.flows.registration.afterReturnUrl);
    return answerAlreadySignedIn(req, res, flow.type, "registration", redirectTo);
  }

  const restart = () => startRegistrationFlow(ctx, req, res, flow.type, flow.returnTo);
  const render = () => registrationFlowJson(flow);
  if (!acceptSubmission(ctx, req, res, flow, body, restart, render)) return;

  const traits = submittedTraits(body);
  showTraits(flow.ui, traits);
  const invalid = (problems: FieldProblem[]) => {
    applyProblems(flow.ui, problems);
    showFlow(req, res, flow, uiUrl, 400, registrationFlowJson(flow));
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
  const password = textField(body, "password");
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

  const session = ctx.config.flows.registration.issueSession
    ? ctx.sessions.issue(identity, req)
    : undefined;
  if (session && flow.type === "browser") setBrowserSession(ctx, res, flow, session);
  // With verification on, Kratos mails a code to the new address whatever the hooks say;
  // the `show_verification_ui` hook decides whether the answer points at that flow.
  const verification = startVerificationAfterRegistration(ctx, req, res, flow, identity);
  const showVerification =
    verification && ctx.config.flows.registration.showVerificationUi ? [verification] : [];
  const identityBody = identityJson(identity, ctx.publicBaseUrl);

  if (flow.type === "api") {
    const setToken = session
      ? [{ action: "set_ory_session_token", ory_session_token: session.token }]
      : [];
    sendJson(res, 200, {
      identity: identityBody,
      ...(session ? { session: ctx.sessions.json(session), session_token: session.token } : {}),
      ...(setToken.length + showVerification.length > 0
        ? { continue_with: [...setToken, ...showVerification] }
        : {}),
    });
    return;
  }
  const returnTo = finalReturnTo(ctx, flow, ctx.config.flows.registration.afterReturnUrl);
  const verificationUrl = showVerification[0]?.flow.url;
  if (verificationUrl && !answersWithJson(flow, req)) return redirect(res, verificationUrl);
  answerFinished(
    req,
    res,
    flow,
    returnTo,
    {
      identity: identityBody,
      ...(session ? { session: ctx.sessions.json(session) } : {}),
    },
    showVerification,
  );
}
