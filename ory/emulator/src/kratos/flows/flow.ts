import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type HerodotError, HttpError, readBody, sendError, sendJson } from "../../http.ts";
import { type KratosContext, urlFor } from "../context.ts";
import { readCookies } from "../cookies.ts";
import { maskToken, tokensMatch } from "../csrf.ts";
import { redirect } from "../flow-errors.ts";
import { isJsonRequest } from "../negotiation.ts";
import type { UiText } from "../text.ts";
import { csrfNode, type UiContainer } from "../ui.ts";

export type FlowKind = "login" | "registration" | "settings" | "recovery" | "verification";
export type FlowType = "browser" | "api";

export interface FlowRecord {
  id: string;
  kind: FlowKind;
  type: FlowType;
  issuedAt: string;
  expiresAt: string;
  updatedAt: string;
  requestUrl: string;
  returnTo?: string;
  /** Browser flows: a masked copy of the CSRF cookie's token the form must send back. */
  csrfToken?: string;
  ui: UiContainer;
  state: string;
  active?: string;
  refresh?: boolean;
  /** Settings flows belong to one identity. */
  identityId?: string;
  /** Recovery and verification: what follows the flow once it is done. */
  continueWith?: Record<string, unknown>[];
  /** A verification that succeeded links here ("continue"). */
  continueUrl?: string;
  /**
   * Settings only: a submission that needed re-authentication, kept for when the browser
   * returns from the refresh login (Kratos keeps it as a "continuity" for 15 minutes).
   */
  pendingChange?: { body: Record<string, unknown>; identityId: string; expiresAt: string };
}

/** In-memory flows; Kratos keeps them in its database, but they only live for minutes. */
export class FlowStore {
  private readonly flows = new Map<string, FlowRecord>();

  add(flow: FlowRecord): void {
    this.flows.set(flow.id, flow);
  }

  get(id: string | null, kind: FlowKind): FlowRecord | undefined {
    const flow = id ? this.flows.get(id) : undefined;
    return flow?.kind === kind ? flow : undefined;
  }
}

export const notFound = (): HerodotError => ({
  status: 404,
  message: "Unable to locate the resource",
});

/** Wraps a Kratos error so route code can throw it. */
export const fail = (error: HerodotError): never => {
  throw new HttpError(error);
};

export function isExpired(ctx: KratosContext, flow: FlowRecord): boolean {
  return new Date(flow.expiresAt).getTime() <= ctx.now().getTime();
}

/** Whether a flow's responses are JSON (API flows, SPAs) or redirects (plain browsers). */
export function answersWithJson(flow: FlowRecord, req: IncomingMessage): boolean {
  return flow.type === "api" || isJsonRequest(req);
}

function hostMatches(pattern: string, host: string): boolean {
  if (pattern.startsWith("*.")) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

/**
 * Checks `return_to` against `selfservice.allowed_return_urls` and Kratos' own public URL:
 * same scheme, same host (`*.example.com` matches subdomains) and a path prefix. A relative
 * value takes scheme and host from the default browser return URL.
 */
export function checkReturnTo(ctx: KratosContext, raw: string | null): string | undefined {
  if (!raw) return undefined;
  let target: URL;
  try {
    target = new URL(raw, ctx.config.defaultBrowserReturnUrl);
  } catch {
    return fail(returnToForbidden(raw));
  }
  const allowed = [...ctx.config.allowedReturnUrls, ctx.publicBaseUrl];
  const ok = allowed.some((entry) => {
    let candidate: URL;
    try {
      candidate = new URL(entry.replace("://*.", "://wildcard-subdomain."));
    } catch {
      return false;
    }
    const host = entry.includes("://*.")
      ? candidate.host.replace("wildcard-subdomain.", "*.")
      : candidate.host;
    return (
      candidate.protocol === target.protocol &&
      hostMatches(host, target.host) &&
      target.pathname.startsWith(candidate.pathname.replace(/\/$/, ""))
    );
  });
  return ok ? target.toString() : fail(returnToForbidden(raw));
}

function returnToForbidden(raw: string): HerodotError {
  return {
    status: 400,
    id: "self_service_flow_return_to_forbidden",
    reason: `Requested return_to URL "${raw}" is not allowed.`,
  };
}

/** Where a finished flow sends the browser: its return_to, the flow's default, the global default. */
export function finalReturnTo(ctx: KratosContext, flow: FlowRecord, flowDefault?: string): string {
  return flow.returnTo ?? flowDefault ?? ctx.config.defaultBrowserReturnUrl;
}

export function newFlow(
  ctx: KratosContext,
  req: IncomingMessage,
  init: { kind: FlowKind; type: FlowType; lifespanMs: number; returnTo?: string; state: string },
): FlowRecord {
  const now = ctx.now();
  const id = randomUUID();
  const route = init.kind;
  return {
    id,
    kind: init.kind,
    type: init.type,
    issuedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + init.lifespanMs).toISOString(),
    requestUrl: urlFor(ctx.publicBaseUrl, req.url ?? "/"),
    ...(init.returnTo ? { returnTo: init.returnTo } : {}),
    ui: {
      action: urlFor(ctx.publicBaseUrl, `/self-service/${route}`, { flow: id }),
      method: "POST",
      nodes: [],
    },
    state: init.state,
  };
}

/** Binds a browser flow to the CSRF cookie (issuing one if needed) and adds the hidden node. */
export function bindCsrf(
  ctx: KratosContext,
  flow: FlowRecord,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  if (flow.type !== "browser") return;
  const raw = ctx.csrf.ensure(req, res);
  flow.csrfToken = maskToken(raw);
  flow.ui.nodes = [
    csrfNode(flow.csrfToken),
    ...flow.ui.nodes.filter((n) => n.attributes.name !== "csrf_token"),
  ];
}

/** After the CSRF cookie was regenerated the form needs a token matching the new cookie. */
export function rebindCsrf(flow: FlowRecord, raw: Buffer): void {
  flow.csrfToken = maskToken(raw);
  const node = flow.ui.nodes.find((n) => n.attributes.name === "csrf_token");
  if (node) node.attributes.value = flow.csrfToken;
}

/**
 * Shows a flow after it was started (200) or after a rejected submission (400, its messages
 * saying why): JSON clients (API flows, SPAs) get the flow itself, plain browsers are sent
 * to its UI with `?flow=`, which then fetches it.
 */
export function showFlow(
  req: IncomingMessage,
  res: ServerResponse,
  flow: FlowRecord,
  uiUrl: string,
  status: 200 | 400,
  json: unknown,
): void {
  if (answersWithJson(flow, req)) sendJson(res, status, json);
  else redirect(res, withFlowId(uiUrl, flow.id));
}

export function withFlowId(uiUrl: string, flowId: string): string {
  const url = new URL(uiUrl);
  url.searchParams.set("flow", flowId);
  return url.toString();
}

/** A browser flow may only be read with the CSRF cookie it was created with. */
export function flowCsrfMatches(ctx: KratosContext, flow: FlowRecord, req: IncomingMessage) {
  return flow.type !== "browser" || tokensMatch(ctx.csrf.fromRequest(req), flow.csrfToken);
}

/** The 410 for reading an expired flow, pointing at where to start a new one. */
export function expiredOnRead(ctx: KratosContext, flow: FlowRecord): HerodotError {
  const route = flow.kind;
  const noun = `${flow.kind} flow`;
  // Kratos gives this error an id for login and registration flows, not for settings flows.
  const id = flow.kind === "settings" ? {} : { id: "self_service_flow_expired" };
  if (flow.type === "browser") {
    return {
      status: 410,
      ...id,
      message:
        "The requested resource is no longer available because it has expired or is otherwise invalid.",
      reason: `The ${noun} has expired. Redirect the user to the ${noun} init endpoint to initialize a new ${noun}.`,
      details: {
        redirect_to: urlFor(ctx.publicBaseUrl, `/self-service/${route}/browser`, {
          return_to: flow.returnTo,
        }),
        return_to: flow.returnTo ?? "",
      },
    };
  }
  return {
    status: 410,
    ...id,
    message:
      "The requested resource is no longer available because it has expired or is otherwise invalid.",
    reason: `The ${noun} has expired. Call the ${noun} init API endpoint to initialize a new ${noun}.`,
    details: { api: urlFor(ctx.publicBaseUrl, `/self-service/${route}/api`) },
  };
}

/**
 * Submitting an expired flow: Kratos starts a replacement flow carrying an "expired"
 * message; JSON clients get a 410 naming it, browsers are sent to its UI.
 */
export function answerExpiredSubmit(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  expired: FlowRecord,
  replacement: FlowRecord,
  uiUrl: string,
): void {
  if (!answersWithJson(expired, req)) {
    redirect(res, withFlowId(uiUrl, replacement.id));
    return;
  }
  const expiredAt = new Date(expired.expiresAt);
  const sinceMs = ctx.now().getTime() - expiredAt.getTime();
  const body = {
    error: {
      id: "self_service_flow_expired",
      code: 410,
      status: "Gone",
      reason: `The self-service flow expired ${(sinceMs / 60_000).toFixed(2)} minutes ago, initialize a new one.`,
      message: "self-service flow expired",
    },
    expired_at: expiredAt.toISOString(),
    since: Math.round(sinceMs * 1e6),
    use_flow_id: replacement.id,
  };
  const text = JSON.stringify(body);
  res.writeHead(410, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** The message Kratos puts on the replacement of an expired flow. */
export type ExpiredMessage = (expiredAt: Date, now: Date) => UiText;

/**
 * Checks the anti-CSRF token of a submission. API flows instead must look like API calls:
 * no Origin header and no cookies (Cloudflare's aside), or a browser could be tricked.
 */
export function submissionCsrfError(
  ctx: KratosContext,
  flow: FlowRecord,
  req: IncomingMessage,
  sentToken: unknown,
): HerodotError | undefined {
  if (flow.type === "api") {
    if (req.headers.origin) {
      return {
        status: 400,
        reason:
          'The HTTP Request Header included the "Origin" key, indicating that this request was made as part of an AJAX request in a Browser. The flow however was initiated as an API request. To prevent potential misuse and mitigate several attack vectors including CSRF, the request has been blocked. Please consult the documentation.',
      };
    }
    const cookies = [...readCookies(req).keys()].filter(
      (name) => !name.startsWith("__cf") && !name.startsWith("_cf") && !name.startsWith("cf_"),
    );
    if (cookies.length > 0) {
      return {
        status: 400,
        reason:
          'The HTTP Request Header included the "Cookie" key, indicating that this request was made by a Browser. The flow however was initiated as an API request. To prevent potential misuse and mitigate several attack vectors including CSRF, the request has been blocked. Please consult the documentation.',
        details: { "found cookies": cookies },
      };
    }
    return undefined;
  }
  const headerToken = req.headers["x-csrf-token"];
  const token =
    typeof sentToken === "string" && sentToken !== ""
      ? sentToken
      : typeof headerToken === "string"
        ? headerToken
        : undefined;
  return tokensMatch(ctx.csrf.fromRequest(req), token) ? undefined : ctx.csrf.violation(req, token);
}

/** Puts a value at a dotted path (`traits.name.first`) inside a nested object. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== "object") node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/**
 * A submission body: JSON, or an HTML form whose dotted field names become nested
 * objects (`traits.email=…` → `{traits: {email: …}}`). `coerce` types form strings.
 */
export async function readSubmission(
  req: IncomingMessage,
  coerce: (path: string[], value: string) => unknown = (_, value) => value,
): Promise<Record<string, unknown>> {
  const contentType = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  const raw = await readBody(req);
  if (contentType === "application/x-www-form-urlencoded") {
    const body: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(raw)) {
      setPath(
        body,
        key,
        key.startsWith("traits.") ? coerce(key.split(".").slice(1), value) : value,
      );
    }
    return body;
  }
  if (raw.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return fail({ status: 400, reason: "Unable to decode JSON payload." });
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    return fail({ status: 400, reason: "The request body must be a JSON object." });
  }
  return parsed as Record<string, unknown>;
}

/** Errors that are not about the form (CSRF, missing flow…): JSON error or the error UI. */
export function answerFlowError(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  flow: FlowRecord | undefined,
  error: HerodotError,
): void {
  if (flow?.type === "api") sendError(res, error, req);
  else ctx.flowErrors.forward(req, res, error);
}

/**
 * Login (without refresh) and registration refuse a caller who is already signed in, both
 * when starting and when submitting: API flows and SPAs get the 400, plain browsers are
 * sent on to `redirectTo`.
 */
export function answerAlreadySignedIn(
  req: IncomingMessage,
  res: ServerResponse,
  type: FlowType,
  kind: "login" | "registration",
  redirectTo: string,
): void {
  if (type === "api" || isJsonRequest(req)) sendError(res, sessionAlreadyAvailable(kind), req);
  else redirect(res, redirectTo);
}

/** The 400 for starting or submitting login or registration while signed in. */
function sessionAlreadyAvailable(kind: "login" | "registration"): HerodotError {
  return {
    status: 400,
    id: "session_already_available",
    message: "you are already logged in",
    reason:
      kind === "login"
        ? "A valid session was detected and thus login is not possible. Did you forget to set `?refresh=true`?"
        : "A valid session was detected and thus registration is not possible.",
  };
}
