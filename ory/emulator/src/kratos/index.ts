import type { IncomingMessage, ServerResponse } from "node:http";
import { type RoutedHandler, sendError, sendJson } from "../http.ts";
import { createIdentity, deleteIdentity, getIdentity, listIdentities } from "./admin.ts";
import {
  deleteIdentitySessions,
  disableSession,
  extendSession,
  getSession,
  listIdentitySessions,
  listSessions,
} from "./admin-sessions.ts";
import { OneTimeCodes } from "./codes.ts";
import type { KratosConfig } from "./config.ts";
import type { KratosContext } from "./context.ts";
import { applyCors } from "./cors.ts";
import { Courier, type MailDelivery } from "./courier.ts";
import { Csrf } from "./csrf.ts";
import { FlowErrors } from "./flow-errors.ts";
import { getCodeFlow } from "./flows/code-flows.ts";
import { type FlowKind, FlowStore, type FlowType, notFound } from "./flows/flow.ts";
import { createLoginFlow, loginFlowJson, updateLoginFlow } from "./flows/login.ts";
import { getFlow } from "./flows/read.ts";
import { createRecoveryFlow, updateRecoveryFlow } from "./flows/recovery.ts";
import {
  createRegistrationFlow,
  registrationFlowJson,
  updateRegistrationFlow,
} from "./flows/registration.ts";
import {
  authorizeSettingsRead,
  createSettingsFlow,
  resumeSettingsFlow,
  settingsFlowJson,
  updateSettingsFlow,
} from "./flows/settings.ts";
import { createVerificationFlow, updateVerificationFlow } from "./flows/verification.ts";
import { patchIdentity, updateIdentity } from "./identity-updates.ts";
import { createLogoutFlow, performNativeLogout, updateLogoutFlow } from "./logout.ts";
import { deleteMySession, deleteMySessions, listMySessions } from "./my-sessions.ts";
import { type RouteHandler, Router } from "./router.ts";
import { SchemaRegistry } from "./schema.ts";
import { Sessions } from "./sessions.ts";
import { KratosStore } from "./store.ts";
import { whoami } from "./whoami.ts";

export type { KratosConfig } from "./config.ts";
export { loadKratosConfig } from "./config.ts";
export type { MailDelivery } from "./courier.ts";

export const KRATOS_VERSION = "v26.2.0";

export interface CreateKratosOptions {
  /** The URLs the runner actually bound; they name the CSRF cookie and fill every link. */
  publicBaseUrl: string;
  adminBaseUrl: string;
  /** Persist identities and sessions here; in memory when absent. */
  dataDir?: string;
  /** Test hook: the emulator's clock (flow and session expiry). */
  now?: () => Date;
  /** Where the courier delivers recovery and verification mail; dropped when absent. */
  mail?: MailDelivery;
}

export interface KratosEmulator {
  public: RoutedHandler;
  admin: RoutedHandler;
  close(): Promise<void>;
}

const ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "CONNECT", "OPTIONS", "TRACE"];

function alive(_ctx: KratosContext, _req: IncomingMessage, res: ServerResponse) {
  sendJson(res, 200, { status: "ok" });
}

function version(_ctx: KratosContext, _req: IncomingMessage, res: ServerResponse) {
  sendJson(res, 200, { version: KRATOS_VERSION });
}

function listSchemas(ctx: KratosContext, _req: IncomingMessage, res: ServerResponse) {
  sendJson(
    res,
    200,
    ctx.schemas.list().map((schema) => ({ id: schema.id, schema: schema.raw })),
  );
}

/** GET /schemas/{id}; ids appear base64url-encoded in `schema_url`, plain ids work too. */
function getSchema(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  _url: URL,
  id: string,
) {
  const decoded = Buffer.from(id, "base64url").toString("utf8");
  const schema = ctx.schemas.get(decoded) ?? ctx.schemas.get(id);
  if (!schema) return sendError(res, notFound(), req);
  sendJson(res, 200, schema.raw);
}

function errorFlow(ctx: KratosContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const stored = ctx.flowErrors.get(url.searchParams.get("id") ?? "");
  if (!stored) return sendError(res, notFound(), req);
  sendJson(res, 200, stored);
}

function withHealth(router: Router): Router {
  return router
    .on("GET", "/health/alive", alive)
    .on("GET", "/health/ready", alive)
    .on("GET", "/version", version)
    .on("GET", "/schemas", listSchemas)
    .on("GET", "/schemas/{id}", getSchema);
}

/**
 * The routes every self-service flow has: starting it as a browser or an API flow, reading
 * it by `?id=`, and submitting it to `?flow=`.
 */
function withFlowRoutes(
  router: Router,
  kind: FlowKind,
  handlers: { start: (type: FlowType) => RouteHandler; read: RouteHandler; submit: RouteHandler },
): Router {
  return router
    .on("GET", `/self-service/${kind}/browser`, handlers.start("browser"))
    .on("GET", `/self-service/${kind}/api`, handlers.start("api"))
    .on("GET", `/self-service/${kind}/flows`, handlers.read)
    .on("POST", `/self-service/${kind}`, handlers.submit);
}

function publicRouter(): Router {
  let router = withHealth(new Router())
    .on(ALL_METHODS, "/sessions/whoami", whoami)
    .on("GET", "/sessions", listMySessions)
    .on("DELETE", "/sessions", deleteMySessions)
    .on("DELETE", "/sessions/{id}", deleteMySession);
  router = withFlowRoutes(router, "login", {
    start: createLoginFlow,
    read: getFlow("login", (_ctx, flow) => loginFlowJson(flow)),
    submit: updateLoginFlow,
  });
  router = withFlowRoutes(router, "registration", {
    start: createRegistrationFlow,
    read: getFlow("registration", (_ctx, flow) => registrationFlowJson(flow)),
    submit: updateRegistrationFlow,
  });
  router = withFlowRoutes(router, "settings", {
    start: createSettingsFlow,
    read: getFlow("settings", settingsFlowJson, authorizeSettingsRead),
    submit: updateSettingsFlow,
  });
  router = withFlowRoutes(router, "recovery", {
    start: createRecoveryFlow,
    read: getCodeFlow("recovery"),
    submit: updateRecoveryFlow,
  });
  router = withFlowRoutes(router, "verification", {
    start: createVerificationFlow,
    read: getCodeFlow("verification"),
    submit: updateVerificationFlow,
  });
  return router
    .on("GET", "/self-service/verification", updateVerificationFlow)
    .on("GET", "/self-service/settings", resumeSettingsFlow)
    .on("GET", "/self-service/logout/browser", createLogoutFlow)
    .on("GET", "/self-service/logout", updateLogoutFlow)
    .on("DELETE", "/self-service/logout/api", performNativeLogout)
    .on("GET", "/self-service/errors", errorFlow);
}

function adminRouter(): Router {
  return withHealth(new Router())
    .on("GET", "/admin/identities", listIdentities)
    .on("POST", "/admin/identities", createIdentity)
    .on("GET", "/admin/identities/{id}", getIdentity)
    .on("PUT", "/admin/identities/{id}", updateIdentity)
    .on("PATCH", "/admin/identities/{id}", patchIdentity)
    .on("DELETE", "/admin/identities/{id}", deleteIdentity)
    .on("GET", "/admin/identities/{id}/sessions", listIdentitySessions)
    .on("DELETE", "/admin/identities/{id}/sessions", deleteIdentitySessions)
    .on("GET", "/admin/sessions", listSessions)
    .on("GET", "/admin/sessions/{id}", getSession)
    .on("DELETE", "/admin/sessions/{id}", disableSession)
    .on("PATCH", "/admin/sessions/{id}/extend", extendSession);
}

/** Builds the public (4433) and admin (4434) handlers of one emulated Kratos. */
export async function createKratos(
  config: KratosConfig,
  opts: CreateKratosOptions,
): Promise<KratosEmulator> {
  const now = opts.now ?? (() => new Date());
  const store = new KratosStore(opts.dataDir);
  const ctx: KratosContext = {
    config,
    publicBaseUrl: opts.publicBaseUrl,
    adminBaseUrl: opts.adminBaseUrl,
    store,
    flows: new FlowStore(),
    flowErrors: new FlowErrors(config.flows.errorUiUrl, opts.publicBaseUrl, now),
    schemas: await SchemaRegistry.load(config),
    sessions: new Sessions(config, store, opts.publicBaseUrl, now),
    csrf: new Csrf(config, opts.publicBaseUrl),
    codes: new OneTimeCodes(),
    courier: new Courier(config, opts.mail),
    now,
  };
  return {
    public: publicRouter().handler(ctx, (req, res) => applyCors(config.cors, req, res)),
    admin: adminRouter().handler(ctx),
    // Every change is already on disk when it is made; nothing is buffered.
    close: async () => {},
  };
}
