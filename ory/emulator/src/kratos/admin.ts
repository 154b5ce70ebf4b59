import type { IncomingMessage, ServerResponse } from "node:http";
import { type HerodotError, readJson, sendEmpty, sendError, sendJson } from "../http.ts";
import { type KratosContext, urlFor } from "./context.ts";
import { notFound } from "./flows/flow.ts";
import { buildIdentity, identityJson } from "./identities.ts";
import { hashPassword, isBcryptHash } from "./password.ts";
import type { RouteHandler } from "./router.ts";

const CREATE_IDENTITY_FIELDS = new Set([
  "credentials",
  "external_id",
  "metadata_admin",
  "metadata_public",
  "organization_id",
  "recovery_addresses",
  "schema_id",
  "state",
  "traits",
  "verifiable_addresses",
]);

const badRequest = (reason: string): HerodotError => ({ status: 400, reason });

export interface CreateIdentityBody {
  schema_id?: unknown;
  traits?: unknown;
  state?: unknown;
  external_id?: unknown;
  metadata_public?: unknown;
  metadata_admin?: unknown;
  verifiable_addresses?: { value?: string; verified?: boolean; status?: string }[];
  credentials?: { password?: { config?: { password?: unknown; hashed_password?: unknown } } };
}

/** The bcrypt hash an identity body imports (clear password or hash), if it has one. */
export async function passwordHashFrom(
  ctx: KratosContext,
  body: CreateIdentityBody,
): Promise<string | HerodotError | undefined> {
  const config = body.credentials?.password?.config;
  if (!config) return undefined;
  if (typeof config.hashed_password === "string" && config.hashed_password !== "") {
    return isBcryptHash(config.hashed_password)
      ? config.hashed_password
      : badRequest("The emulator only imports bcrypt password hashes ($2a$, $2b$ or $2y$).");
  }
  if (typeof config.password === "string" && config.password !== "") {
    // Admin imports skip the password policy, as in Kratos.
    return hashPassword(config.password, ctx.config.bcryptCost);
  }
  return undefined;
}

/** POST /admin/identities */
export async function createIdentity(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const body = await readJson<CreateIdentityBody>(req);
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    return sendError(res, badRequest("Unable to decode JSON payload."), req);
  }
  const unknown = Object.keys(body).find((key) => !CREATE_IDENTITY_FIELDS.has(key));
  if (unknown) {
    return sendError(
      res,
      badRequest(`Unable to decode JSON payload: json: unknown field "${unknown}"`),
      req,
    );
  }
  const schemaId =
    typeof body.schema_id === "string" && body.schema_id ? body.schema_id : ctx.schemas.defaultId;
  const schema = ctx.schemas.get(schemaId);
  if (!schema) return sendError(res, badRequest(`unable to find JSON Schema ID: ${schemaId}`), req);
  if (body.state !== undefined && body.state !== "active" && body.state !== "inactive") {
    return sendError(res, badRequest('identity state must be "active" or "inactive"'), req);
  }
  const traits = (body.traits ?? {}) as Record<string, unknown>;
  const problems = schema.validate(traits);
  if (problems.length > 0) {
    const reason = problems.map((p) => `${p.field || "traits"}: ${p.message.text}`).join("; ");
    return sendError(res, badRequest(reason), req);
  }
  const identifiers = schema.passwordIdentifiers(traits);
  if (ctx.store.identifierConflict(identifiers)) return sendConflict(res, req);
  const hash = await passwordHashFrom(ctx, body);
  if (typeof hash === "object") return sendError(res, hash, req);

  const identity = buildIdentity({
    schema,
    traits,
    state: body.state as "active" | "inactive" | undefined,
    metadataPublic: body.metadata_public,
    metadataAdmin: body.metadata_admin,
    externalId: typeof body.external_id === "string" ? body.external_id : undefined,
    hashedPassword: hash,
    now: ctx.now(),
  });
  for (const imported of body.verifiable_addresses ?? []) {
    const address = identity.verifiableAddresses.find(
      (a) => a.value === String(imported.value ?? "").toLowerCase(),
    );
    if (address && imported.verified) {
      address.verified = true;
      address.status = "completed";
    }
  }
  // Hashing yields to the event loop; check again before committing.
  if (ctx.store.identifierConflict(identifiers)) return sendConflict(res, req);
  ctx.store.identities.set(identity.id, identity);
  ctx.store.save();
  res.setHeader("Location", urlFor(ctx.adminBaseUrl, `/identities/${identity.id}`));
  sendJson(res, 201, identityJson(identity, ctx.publicBaseUrl, { admin: true }));
}

export function sendConflict(res: ServerResponse, req: IncomingMessage) {
  sendError(
    res,
    { status: 409, reason: "This identity conflicts with another identity that already exists." },
    req,
  );
}

const DEFAULT_PAGE_SIZE = 250;
const MAX_PAGE_SIZE = 1000;

/** GET /admin/identities — a JSON array in id order, keyset-paginated via the Link header. */
export function listIdentities(
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const query = url.searchParams;
  const identifier = query.get("credentials_identifier");
  const ids = query.getAll("ids");
  if (identifier !== null && ids.length > 0) {
    return sendError(res, badRequest("You cannot combine multiple filters in this API"), req);
  }
  let identities = [...ctx.store.identities.values()].sort((a, b) => a.id.localeCompare(b.id));
  if (identifier !== null) {
    const match = ctx.store.findByPasswordIdentifier(identifier);
    identities = match ? [match] : [];
  } else if (ids.length > 0) {
    identities = identities.filter((identity) => ids.includes(identity.id));
  }
  const requestedSize = Number(
    query.get("page_size") ?? query.get("per_page") ?? DEFAULT_PAGE_SIZE,
  );
  const pageSize = Math.min(
    Math.max(1, Number.isFinite(requestedSize) ? requestedSize : DEFAULT_PAGE_SIZE),
    MAX_PAGE_SIZE,
  );
  const after = decodePageToken(query.get("page_token"));
  const remaining = after ? identities.filter((identity) => identity.id > after) : identities;
  const page = remaining.slice(0, pageSize);
  const links = [
    `<${urlFor(ctx.adminBaseUrl, "/admin/identities", { page_size: String(pageSize), page_token: encodePageToken("") })}>; rel="first"`,
  ];
  if (remaining.length > pageSize) {
    const next = encodePageToken(page[page.length - 1].id);
    links.push(
      `<${urlFor(ctx.adminBaseUrl, "/admin/identities", { page_size: String(pageSize), page_token: next })}>; rel="next"`,
    );
  }
  res.setHeader("Link", links.join(","));
  const includePasswordHash = query.getAll("include_credential").includes("password");
  sendJson(
    res,
    200,
    page.map((identity) =>
      identityJson(identity, ctx.publicBaseUrl, { admin: true, includePasswordHash }),
    ),
  );
}

/** Page tokens are opaque to clients; here they wrap the last id of the previous page. */
function encodePageToken(lastId: string): string {
  return Buffer.from(JSON.stringify({ id: lastId })).toString("base64url");
}

function decodePageToken(token: string | null): string | undefined {
  if (!token) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    return typeof parsed.id === "string" && parsed.id !== "" ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The admin routes under `/{id}` all start by looking the record up and answering 404 when
 * it is not there; `withRecord(find)` wraps a handler of the found record.
 */
function withRecord<T>(find: (ctx: KratosContext, id: string) => T | undefined) {
  return (
    handle: (ctx: KratosContext, res: ServerResponse, url: URL, record: T) => void,
  ): RouteHandler =>
    (ctx, req, res, url, id) => {
      const record = find(ctx, id);
      if (!record) return sendError(res, notFound(), req);
      handle(ctx, res, url, record);
    };
}

const withIdentity = withRecord((ctx, id) => ctx.store.identities.get(id));

/** GET /admin/identities/{id} */
export const getIdentity = withIdentity((ctx, res, url, identity) => {
  const includePasswordHash = url.searchParams.getAll("include_credential").includes("password");
  sendJson(
    res,
    200,
    identityJson(identity, ctx.publicBaseUrl, { admin: true, includePasswordHash }),
  );
});

/** DELETE /admin/identities/{id} — also ends the identity's sessions. */
export const deleteIdentity = withIdentity((ctx, res, _url, identity) => {
  ctx.store.deleteIdentity(identity.id);
  sendEmpty(res, 204);
});
