import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsImport from "ajv-formats";

const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ??
  addFormatsImport) as typeof addFormatsImport;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../..");
/** Kratos v26.2.0's official spec, kept in the repository (ory/reference/README.md). */
const SPEC_PATH = resolve(repoRoot, "ory/reference/openapi/kratos-v26.2.0.json");

interface OpenApiResponse {
  $ref?: string;
  content?: { "application/json"?: { schema: unknown } };
}

interface OpenApiSpec {
  paths: Record<string, Record<string, { responses: Record<string, OpenApiResponse> }>>;
  components: {
    schemas: Record<string, Record<string, unknown>>;
    responses: Record<string, OpenApiResponse>;
  };
}

/**
 * OpenAPI 3.0 schemas are almost JSON Schema: `nullable` becomes a `null` type, and
 * `discriminator` (a hint for code generators; ajv only supports it without `mapping`) is
 * dropped because `oneOf` already decides which variant a value is.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== "object") return node;
  const { nullable, discriminator: _hint, ...rest } = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) out[key] = toJsonSchema(value);
  if (nullable === true && typeof out.type === "string") {
    out.type = [out.type, "null"];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  return out;
}

function loadSpec(): OpenApiSpec {
  const spec = toJsonSchema(JSON.parse(readFileSync(SPEC_PATH, "utf8"))) as OpenApiSpec;
  // Known spec-vs-server mismatch: `genericError.details` is declared as an object with
  // `additionalProperties: false`, i.e. always empty, yet Kratos fills it (CSRF hints,
  // expired-flow redirect URLs). Read it as the free-form map the server sends.
  const details = (spec.components.schemas.genericError.properties as Record<string, unknown>)
    .details as Record<string, unknown>;
  delete details.additionalProperties;
  // Likewise `successfulNativeLogin.continue_with` is declared as an array, but Kratos sends
  // `null` after an API login (the flow's list is empty and the field has no omitempty).
  const login = spec.components.schemas.successfulNativeLogin.properties as Record<
    string,
    Record<string, unknown>
  >;
  login.continue_with.type = ["array", "null"];
  return spec;
}

const spec = loadSpec();
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat("uuid4", /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i);
ajv.addSchema({ components: spec.components }, "kratos.json");
const compiled = new Map<string, ValidateFunction>();

/** The response schema the spec documents for an operation and status (or its `default`). */
function responseFor(path: string, method: string, status: number) {
  const operation = spec.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`The Kratos spec has no ${method} ${path}`);
  const documented = operation.responses[String(status)];
  let response = documented ?? operation.responses.default;
  if (!response) {
    throw new Error(`The Kratos spec documents no ${status} (nor default) for ${method} ${path}`);
  }
  if (response.$ref) {
    response = spec.components.responses[response.$ref.split("/").pop() as string];
  }
  return {
    documented: Boolean(documented),
    schema: response.content?.["application/json"]?.schema,
  };
}

function rewriteRefs(schema: unknown): unknown {
  return JSON.parse(
    JSON.stringify(schema).replaceAll('"#/components/', '"kratos.json#/components/'),
  );
}

/**
 * Checks a response against the official Kratos v26.2.0 spec: the status must be one the
 * operation documents (or fall under `default`), and a JSON body must match its schema.
 * Returns a list of problems; empty means the response conforms.
 */
export function specProblems(
  path: string,
  method: string,
  status: number,
  body: unknown,
): string[] {
  const { schema } = responseFor(path, method, status);
  if (!schema) {
    return body === undefined || body === ""
      ? []
      : [`${method} ${path} ${status} has no body in the spec`];
  }
  const key = `${method} ${path} ${status}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(rewriteRefs(schema) as object);
    compiled.set(key, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${key}: ${e.instancePath || "/"} ${e.message}`);
}

/** Whether the spec lists this exact status for the operation (not just `default`). */
export function isDocumentedStatus(path: string, method: string, status: number): boolean {
  return responseFor(path, method, status).documented;
}
