import type { IncomingMessage, ServerResponse } from "node:http";
import { type HerodotError, sendError, sendJson } from "../../http.ts";
import { CODE_LENGTH, type CodeUse } from "../codes.ts";
import { type KratosContext, urlFor } from "../context.ts";
import { redirect } from "../flow-errors.ts";
import type { IdentityRecord } from "../store.ts";
import type { UiText } from "../text.ts";
import { text } from "../text.ts";
import { csrfNode, inputNode, type UiNode } from "../ui.ts";
import {
  answersWithJson,
  expiredOnRead,
  type FlowRecord,
  type FlowType,
  flowCsrfMatches,
  isExpired,
  notFound,
  withFlowId,
} from "./flow.ts";
import { flowFields, startFlow } from "./start.ts";

// What recovery and verification (both with the `code` method) have in common.

export type CodeFlowKind = "recovery" | "verification";

const nouns: Record<CodeFlowKind, string> = { recovery: "Recovery", verification: "Verification" };

/** The 400 for a disabled flow, on every route of it; browsers see it on the error UI. */
export function flowDisabled(kind: CodeFlowKind): HerodotError {
  return { status: 400, reason: `${nouns[kind]} is not allowed because it was disabled.` };
}

export function emailInput(value?: string): UiNode {
  return inputNode({
    name: "email",
    type: "email",
    group: "code",
    ...(value !== undefined ? { value } : {}),
    required: true,
    label: text.labelEmail(),
  });
}

export const continueButton = (): UiNode =>
  inputNode({
    name: "method",
    type: "submit",
    group: "code",
    value: "code",
    label: text.labelContinue(),
  });

export const hiddenMethod = (): UiNode =>
  inputNode({ name: "method", type: "hidden", group: "code", value: "code" });

export const codeInput = (label: UiText): UiNode =>
  inputNode({
    name: "code",
    type: "text",
    group: "code",
    required: true,
    pattern: "[0-9]+",
    maxlength: CODE_LENGTH,
    label,
  });

export const resendButton = (email: string): UiNode =>
  inputNode({
    name: "email",
    type: "submit",
    group: "code",
    value: email,
    label: text.labelResendCode(),
  });

/** The first screen: the address to mail a code to. */
export const chooseMethodNodes = (): UiNode[] => [emailInput(), continueButton()];

/**
 * Kratos gives recovery and verification forms a `csrf_token` node whatever the flow type;
 * only browser flows are bound to the CSRF cookie (API flows carry an empty token).
 */
export function setCsrfNode(flow: FlowRecord, nodes: UiNode[]): UiNode[] {
  return [
    csrfNode(flow.csrfToken ?? ""),
    ...nodes.filter((n) => n.attributes.name !== "csrf_token"),
  ];
}

export function startCodeFlow(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  kind: CodeFlowKind,
  type: FlowType,
  returnTo: string | undefined,
): FlowRecord {
  const flow = startFlow(ctx, req, res, {
    kind,
    type,
    returnTo,
    state: "choose_method",
    nodes: chooseMethodNodes(),
  });
  // Code is the primary (only) method, so Kratos marks it active from the start.
  flow.active = "code";
  if (type === "api") flow.ui.nodes = setCsrfNode(flow, flow.ui.nodes);
  return flow;
}

/** A replacement flow of the same type, for an expired or exhausted one. */
export function restartCodeFlow(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  old: FlowRecord,
  message: UiText,
): FlowRecord {
  const flow = startCodeFlow(ctx, req, res, old.kind as CodeFlowKind, old.type, old.returnTo);
  flow.requestUrl = old.requestUrl;
  flow.ui.messages = [message];
  return flow;
}

/** The "continue" link of a verified address, an anchor node as Kratos renders it. */
function continueAnchor(href: string) {
  return {
    type: "a",
    group: "code",
    attributes: { href, title: text.labelContinue(), id: "continue", node_type: "a" },
    messages: [],
    meta: { label: text.labelContinue() },
  };
}

export function codeFlowJson(flow: FlowRecord) {
  const fields = flowFields(flow);
  return {
    ...fields,
    ...(flow.continueUrl
      ? { ui: { ...fields.ui, nodes: [...fields.ui.nodes, continueAnchor(flow.continueUrl)] } }
      : {}),
    state: flow.state,
    ...(flow.continueWith?.length ? { continue_with: flow.continueWith } : {}),
  };
}

/** Where a JSON client is sent to read a replacement flow: Kratos answers 303 to it. */
export function redirectToFlowRead(ctx: KratosContext, res: ServerResponse, flow: FlowRecord) {
  redirect(res, urlFor(ctx.publicBaseUrl, `/self-service/${flow.kind}/flows`, { id: flow.id }));
}

/** The flow after a step: browsers go to its UI, JSON clients get it with `status`. */
export function showCodeFlow(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  flow: FlowRecord,
  status: 200 | 400,
): void {
  if (answersWithJson(flow, req)) sendJson(res, status, codeFlowJson(flow));
  else redirect(res, withFlowId(ctx.config.flows[flow.kind].uiUrl, flow.id));
}

/** Kratos' check of a disabled flow: the JSON error, or the error UI for a plain browser. */
export function answerDisabled(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  kind: CodeFlowKind,
): void {
  ctx.flowErrors.forward(req, res, flowDisabled(kind));
}

/** GET /self-service/{recovery,verification}/flows?id= */
export function getCodeFlow(kind: CodeFlowKind) {
  return (ctx: KratosContext, req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (!ctx.config.flows[kind].enabled) return answerDisabled(ctx, req, res, kind);
    const flow = ctx.flows.get(url.searchParams.get("id"), kind);
    if (!flow) return sendError(res, notFound(), req);
    if (!flowCsrfMatches(ctx, flow, req)) {
      return sendError(res, ctx.csrf.violation(req, undefined), req);
    }
    if (isExpired(ctx, flow)) return sendError(res, expiredOnRead(ctx, flow), req);
    sendJson(res, 200, codeFlowJson(flow));
  };
}

/** The addresses of an identity that one code flow mails codes to. */
type AddressesOf<Address> = (identity: IdentityRecord) => readonly Address[];

/** The identity with this e-mail address (any case) among the flow's kind of addresses. */
export function findEmailAddress<Address extends { via: string; value: string }>(
  ctx: KratosContext,
  email: string,
  addressesOf: AddressesOf<Address>,
): { identity: IdentityRecord; address: Address } | undefined {
  const wanted = email.trim().toLowerCase();
  for (const identity of ctx.store.identities.values()) {
    const address = addressesOf(identity).find(
      (a) => a.via === "email" && a.value.toLowerCase() === wanted,
    );
    if (address) return { identity, address };
  }
  return undefined;
}

/** How one code flow treats a submitted code. */
interface CodeSubmission {
  addresses: AddressesOf<{ id: string }>;
  /** What the form says of a wrong or expired code; the flow stays. */
  invalid(): UiText;
  /** Replaces the flow, saying why, once its code was used or tried too often. */
  restart(message: UiText): void;
}

/**
 * Spends the code submitted to a recovery or verification flow. Only a good code comes back,
 * with whom it was mailed to; for any other the answer has been sent.
 */
export function spendSubmittedCode(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  flow: FlowRecord,
  code: string,
  submission: CodeSubmission,
): Extract<CodeUse, { ok: true }> | undefined {
  const used = ctx.codes.use(
    flow.id,
    code,
    ctx.now(),
    ctx.config.code.maxSubmissions,
    (identityId, addressId) => {
      const identity = ctx.store.identities.get(identityId);
      return identity ? submission.addresses(identity).some((a) => a.id === addressId) : false;
    },
  );
  if (used.ok) return used;
  if (used.reason === "invalid") {
    flow.ui.messages = [submission.invalid()];
    showCodeFlow(ctx, req, res, flow, 200);
    return undefined;
  }
  const reason =
    used.reason === "used"
      ? "The code was already used. Please request another code."
      : "The request was submitted too often. Please request another code.";
  submission.restart(text.generic(reason));
  return undefined;
}
