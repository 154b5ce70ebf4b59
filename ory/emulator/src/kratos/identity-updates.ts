import type { IncomingMessage, ServerResponse } from "node:http";
import jsonPatch, { type Operation } from "fast-json-patch";
import { type HerodotError, readBody, readJson, sendError, sendJson } from "../http.ts";
import { type CreateIdentityBody, passwordHashFrom, sendConflict } from "./admin.ts";
import type { KratosContext } from "./context.ts";
import { notFound } from "./flows/flow.ts";
import { identityJson, syncDerivedFields } from "./identities.ts";
import { isBcryptHash } from "./password.ts";
import type { RouteHandler } from "./router.ts";
import type { IdentityRecord, VerifiableAddress } from "./store.ts";

/** `PUT` and `PATCH /admin/identities/{id}`: replacing an identity, or patching it. */

const badRequest = (reason: string, message?: string): HerodotError => ({
  status: 400,
  reason,
  ...(message ? { message } : {}),
});

/** What an update may change; everything else about the identity stays as it was. */
interface IdentityChanges {
  schemaId: string;
  state: string;
  traits: unknown;
  metadataPublic: unknown;
  metadataAdmin: unknown;
  externalId?: string;
  stateChangedAt?: string;
  hashedPassword?: string;
  verifiableAddresses?: Partial<VerifiableAddress>[];
}

function withIdentity(
  handle: (
    ctx: KratosContext,
    req: IncomingMessage,
    res: ServerResponse,
    identity: IdentityRecord,
  ) => Promise<void>,
): RouteHandler {
  // Kratos reads a malformed id as the nil UUID, which no identity has: a 404 either way.
  return async (ctx, req, res, _url, id) => {
    const identity = ctx.store.identities.get(id);
    if (!identity) return sendError(res, notFound(), req);
    await handle(ctx, req, res, identity);
  };
}

/**
 * Validates and stores the changed identity as Kratos' identity manager does: the schema
 * must exist and accept the traits, and the identifiers must not belong to someone else.
 */
async function applyChanges(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  identity: IdentityRecord,
  changes: IdentityChanges,
) {
  const schema = ctx.schemas.get(changes.schemaId);
  if (!schema) {
    return sendError(res, badRequest(`unable to find JSON Schema ID: ${changes.schemaId}`), req);
  }
  const traits = (changes.traits ?? null) as Record<string, unknown>;
  const problems = schema.validate(traits);
  if (problems.length > 0) {
    const reason = problems.map((p) => `${p.field || "traits"}: ${p.message.text}`).join("; ");
    return sendError(res, badRequest(reason), req);
  }
  if (ctx.store.identifierConflict(schema.passwordIdentifiers(traits), identity.id)) {
    return sendConflict(res, req);
  }
  const now = ctx.now();
  identity.schemaId = schema.id;
  if (changes.state !== identity.state) {
    identity.state = changes.state as IdentityRecord["state"];
    identity.stateChangedAt = now.toISOString();
  } else if (changes.stateChangedAt) {
    identity.stateChangedAt = changes.stateChangedAt;
  }
  identity.traits = traits;
  identity.metadataPublic = changes.metadataPublic ?? null;
  identity.metadataAdmin = changes.metadataAdmin ?? null;
  if (changes.externalId) identity.externalId = changes.externalId;
  else delete identity.externalId;
  syncDerivedFields(identity, schema, now);
  for (const address of identity.verifiableAddresses) {
    const patched = changes.verifiableAddresses?.find((a) => a.id === address.id);
    if (patched && typeof patched.verified === "boolean" && patched.verified !== address.verified) {
      address.verified = patched.verified;
      address.status = patched.verified ? "completed" : "pending";
      address.updated_at = now.toISOString();
    }
  }
  if (changes.hashedPassword && identity.password) {
    identity.password.hashedPassword = changes.hashedPassword;
    identity.password.updatedAt = now.toISOString();
  }
  identity.updatedAt = now.toISOString();
  ctx.store.save();
  sendJson(res, 200, identityJson(identity, ctx.publicBaseUrl, { admin: true }));
}

interface UpdateIdentityBody extends CreateIdentityBody {
  schema_id?: unknown;
  state?: unknown;
}

/**
 * PUT /admin/identities/{id} — replaces traits, both metadata and the external id (absent
 * means cleared); schema and state only change when given, credentials only when sent.
 */
export const updateIdentity = withIdentity(async (ctx, req, res, identity) => {
  const body = await readJson<UpdateIdentityBody>(req);
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    return sendError(res, badRequest("Unable to decode JSON payload."), req);
  }
  const state = typeof body.state === "string" && body.state !== "" ? body.state : identity.state;
  if (state !== "active" && state !== "inactive") {
    return sendError(res, badRequest("identity state is not valid"), req);
  }
  const hash = await passwordHashFrom(ctx, body);
  if (typeof hash === "object") return sendError(res, hash, req);
  await applyChanges(ctx, req, res, identity, {
    schemaId:
      typeof body.schema_id === "string" && body.schema_id !== ""
        ? body.schema_id
        : identity.schemaId,
    state,
    traits: body.traits,
    metadataPublic: body.metadata_public,
    metadataAdmin: body.metadata_admin,
    externalId: typeof body.external_id === "string" ? body.external_id : undefined,
    hashedPassword: hash,
  });
});

/** Paths a patch may not touch, matched case-insensitively like Kratos' glob list. */
function deniedPath(path: string): boolean {
  const lower = path.toLowerCase();
  // Kratos lists "/stateChangedAt", which never matches the JSON name state_changed_at.
  return (
    lower === "/id" ||
    lower === "/statechangedat" ||
    lower === "/credentials" ||
    lower.startsWith("/credentials/oidc/")
  );
}

function isElementAccess(path: string): boolean {
  const last = path.split("/").pop() ?? "";
  return last === "-" || /^-?\d+$/.test(last);
}

/** Kratos applies patches with "create missing parents on add". */
function ensureParents(document: unknown, path: string) {
  const segments = path.split("/").slice(1).map(jsonPatch.unescapePathComponent);
  let node = document as Record<string, unknown>;
  for (const [i, segment] of segments.slice(0, -1).entries()) {
    if (node[segment] === undefined || node[segment] === null) {
      node[segment] = isElementAccess(`/${segments[i + 1]}`) ? [] : {};
    }
    if (typeof node[segment] !== "object") return;
    node = node[segment] as Record<string, unknown>;
  }
}

interface PatchOperation {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

/**
 * Applies an RFC 6902 patch with Kratos' rules: only add, remove and replace; no denied
 * paths; a replace of a missing member adds it. Returns the patched document or the reason.
 */
function applyKratosPatch(document: unknown, raw: string): unknown | Error {
  let operations: PatchOperation[];
  try {
    operations = JSON.parse(raw);
    if (!Array.isArray(operations)) throw new Error("json: cannot unmarshal object into patch");
  } catch (error) {
    return error as Error;
  }
  for (const operation of operations) {
    if (!["add", "remove", "replace"].includes(operation?.op)) {
      return new Error(`unsupported operation: ${operation?.op}`);
    }
    if (typeof operation.path !== "string") return new Error("error parsing patch operations");
    if (deniedPath(operation.path)) {
      return new Error(`patch includes denied path: ${operation.path}`);
    }
  }
  let patched = jsonPatch.deepClone(document);
  try {
    for (const operation of operations) {
      const op =
        operation.op === "replace" && !isElementAccess(operation.path)
          ? { ...operation, op: "add" }
          : operation;
      if (op.op === "add") ensureParents(patched, op.path);
      patched = jsonPatch.applyOperation(patched, op as Operation, true, true).newDocument;
    }
  } catch (error) {
    return error as Error;
  }
  return patched;
}

/** The identity as the patch sees it: with credentials (hash included) and admin metadata. */
function patchableDocument(ctx: KratosContext, identity: IdentityRecord) {
  return identityJson(identity, ctx.publicBaseUrl, { admin: true, includePasswordHash: true });
}

/**
 * PATCH /admin/identities/{id} — a JSON Patch over the identity document, then the same
 * validation as PUT.
 */
export const patchIdentity = withIdentity(async (ctx, req, res, identity) => {
  const raw = await readBody(req);
  const patched = applyKratosPatch(patchableDocument(ctx, identity), raw);
  if (patched instanceof Error) {
    return sendError(
      res,
      badRequest("An error occured when applying the JSON patch", patched.message),
      req,
    );
  }
  const doc = patched as Record<string, unknown> & {
    credentials?: { password?: { config?: { hashed_password?: unknown } } };
  };
  if (doc.state !== identity.state && doc.state !== "active" && doc.state !== "inactive") {
    return sendError(
      res,
      badRequest(
        `The supplied state ('${String(doc.state)}') was not valid. Valid states are ('active', 'inactive').`,
        "identity state is not valid",
      ),
      req,
    );
  }
  const hash = doc.credentials?.password?.config?.hashed_password;
  if (typeof hash === "string" && hash !== "" && !isBcryptHash(hash)) {
    return sendError(
      res,
      badRequest("The emulator only imports bcrypt password hashes ($2a$, $2b$ or $2y$)."),
      req,
    );
  }
  await applyChanges(ctx, req, res, identity, {
    schemaId: typeof doc.schema_id === "string" ? doc.schema_id : identity.schemaId,
    state: String(doc.state),
    traits: doc.traits,
    metadataPublic: doc.metadata_public,
    metadataAdmin: doc.metadata_admin,
    externalId: typeof doc.external_id === "string" ? doc.external_id : undefined,
    stateChangedAt: typeof doc.state_changed_at === "string" ? doc.state_changed_at : undefined,
    hashedPassword: typeof hash === "string" && hash !== "" ? hash : undefined,
    verifiableAddresses: Array.isArray(doc.verifiable_addresses)
      ? (doc.verifiable_addresses as Partial<VerifiableAddress>[])
      : undefined,
  });
});
