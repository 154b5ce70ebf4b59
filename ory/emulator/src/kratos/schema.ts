import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsImport from "ajv-formats";
import type { IdentitySchemaRef, KratosConfig } from "./config.ts";
import { text, type UiText } from "./text.ts";
import { inputNode, type UiNode } from "./ui.ts";

// ajv-formats ships CommonJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ??
  addFormatsImport) as typeof addFormatsImport;

interface KratosExtension {
  credentials?: { password?: { identifier?: boolean } };
  verification?: { via?: string };
  recovery?: { via?: string };
}

interface JsonSchemaNode {
  type?: string | string[];
  format?: string;
  title?: string;
  pattern?: string;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  "ory.sh/kratos"?: KratosExtension;
}

/** A validation problem attached to a form field (`traits.email`) or to the whole form (""). */
export interface FieldProblem {
  field: string;
  message: UiText;
}

export interface TraitAddress {
  value: string;
  via: string;
}

/** One identity schema: validation, identifier extraction and form hydration. */
export class IdentitySchema {
  constructor(
    readonly id: string,
    readonly raw: Record<string, unknown>,
    private readonly validateDocument: ValidateFunction,
  ) {}

  private get traitsSchema(): JsonSchemaNode {
    return ((this.raw as JsonSchemaNode).properties?.traits ?? {}) as JsonSchemaNode;
  }

  /** Validates traits as Kratos does: the identity document `{traits}` against the schema. */
  validate(traits: unknown): FieldProblem[] {
    if (this.validateDocument({ traits })) return [];
    return (this.validateDocument.errors ?? []).map((e) => toFieldProblem(e, traits));
  }

  /** Trait values marked as password identifiers, lower-cased like Kratos stores them. */
  passwordIdentifiers(traits: unknown): string[] {
    const found = this.collect(traits, (ext) => ext.credentials?.password?.identifier === true);
    return [...new Set(found.map((address) => address.value.toLowerCase()))];
  }

  verifiableAddresses(traits: unknown): TraitAddress[] {
    return this.collect(traits, (ext) => Boolean(ext.verification?.via), "verification");
  }

  recoveryAddresses(traits: unknown): TraitAddress[] {
    return this.collect(traits, (ext) => Boolean(ext.recovery?.via), "recovery");
  }

  private collect(
    traits: unknown,
    matches: (ext: KratosExtension) => boolean,
    viaFrom?: "verification" | "recovery",
  ): TraitAddress[] {
    const out: TraitAddress[] = [];
    const walk = (schema: JsonSchemaNode, value: unknown) => {
      const ext = schema["ory.sh/kratos"];
      if (ext && matches(ext)) {
        const via = viaFrom ? (ext[viaFrom]?.via ?? "email") : "password";
        const values = Array.isArray(value) ? value : [value];
        for (const v of values) {
          if (typeof v === "string" && v !== "") out.push({ value: v.trim().toLowerCase(), via });
        }
      }
      if (schema.properties && value && typeof value === "object" && !Array.isArray(value)) {
        for (const [key, child] of Object.entries(schema.properties)) {
          walk(child, (value as Record<string, unknown>)[key]);
        }
      }
    };
    walk(this.traitsSchema, traits);
    return out;
  }

  /** Form field names (`traits.email`) and titles of the password identifier traits. */
  passwordIdentifierFields(): { name: string; title?: string }[] {
    const fields: { name: string; title?: string }[] = [];
    const walk = (schema: JsonSchemaNode, prefix: string) => {
      if (schema["ory.sh/kratos"]?.credentials?.password?.identifier) {
        fields.push({ name: prefix, title: schema.title });
      }
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        walk(child, `${prefix}.${key}`);
      }
    };
    walk(this.traitsSchema, "traits");
    return fields;
  }

  /**
   * The login form's identifier label: the title of the schema's only identifier field,
   * or the generic "ID" when there is none or several.
   */
  identifierLabel(): UiText {
    const fields = this.passwordIdentifierFields();
    const [only] = fields;
    return fields.length === 1 && only.title
      ? text.labelGenerated(only.title, only.name)
      : text.labelId();
  }

  /** The JSON type of a trait field, used to turn form posts (all strings) into typed traits. */
  traitType(path: string[]): string | undefined {
    let node: JsonSchemaNode | undefined = this.traitsSchema;
    for (const key of path) node = node?.properties?.[key];
    const type = node?.type;
    return Array.isArray(type) ? type[0] : type;
  }

  /** One input node per trait leaf, in schema order, as Kratos renders them in forms. */
  traitNodes(group: UiNode["group"]): UiNode[] {
    const nodes: UiNode[] = [];
    const walk = (schema: JsonSchemaNode, prefix: string, required: Set<string>) => {
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        const name = `${prefix}.${key}`;
        if (child.type === "object" || child.properties) {
          walk(child, name, new Set(child.required ?? []));
          continue;
        }
        nodes.push(traitNode(name, group, child, required.has(key)));
      }
    };
    walk(this.traitsSchema, "traits", new Set(this.traitsSchema.required ?? []));
    return nodes;
  }
}

function traitNode(
  name: string,
  group: UiNode["group"],
  schema: JsonSchemaNode,
  required: boolean,
): UiNode {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  let inputType = type === "number" || type === "integer" ? "number" : "text";
  if (type === "boolean") inputType = "checkbox";
  let autocomplete: string | undefined;
  if (schema.format === "email") [inputType, autocomplete] = ["email", "email"];
  if (schema.format === "tel") [inputType, autocomplete] = ["tel", "tel"];
  if (schema.format === "uri") [inputType, autocomplete] = ["url", "url"];
  if (schema.format === "date") inputType = "date";
  if (schema.format === "date-time") inputType = "datetime-local";
  return inputNode({
    name,
    type: inputType,
    group,
    required,
    autocomplete,
    pattern: schema.pattern,
    label: schema.title ? text.labelGenerated(schema.title, name) : undefined,
  });
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function valueAt(root: unknown, pointer: string): unknown {
  let node: unknown = { traits: root };
  for (const segment of pointer.split("/").slice(1)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[segment.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node;
}

const toField = (pointer: string) =>
  pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");

/** Translates an ajv error into the Kratos message and the form field it belongs to. */
function toFieldProblem(e: ErrorObject, traits: unknown): FieldProblem {
  const value = valueAt(traits, e.instancePath);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required": {
      const missing = String(params.missingProperty);
      return { field: toField(`${e.instancePath}/${missing}`), message: text.required(missing) };
    }
    case "minLength":
      return {
        field: toField(e.instancePath),
        message: text.minLength(Number(params.limit), [...String(value)].length),
      };
    case "maxLength":
      return {
        field: toField(e.instancePath),
        message: text.maxLength(Number(params.limit), [...String(value)].length),
      };
    case "pattern":
      return {
        field: toField(e.instancePath),
        message: text.invalidPattern(String(params.pattern)),
      };
    case "type":
      return {
        field: toField(e.instancePath),
        message: text.wrongType(String(params.type).split(","), jsonType(value)),
      };
    case "format":
      if (params.format === "email") {
        return { field: toField(e.instancePath), message: text.invalidEmail(String(value)) };
      }
      return {
        field: toField(e.instancePath),
        message: text.generic(
          `${JSON.stringify(value)} is not valid ${JSON.stringify(params.format)}`,
        ),
      };
    default:
      return {
        field: toField(e.instancePath),
        message: text.generic(e.message ?? "invalid value"),
      };
  }
}

/**
 * Resolves a schema URL from kratos.yml. `file://` paths that only exist inside the Kratos
 * container (e.g. /etc/config/kratos/…) fall back to the same file name next to kratos.yml,
 * so one config serves both the real server and the emulator.
 */
async function readSchemaSource(ref: IdentitySchemaRef, configDir: string): Promise<string> {
  if (ref.url.startsWith("base64://")) {
    return Buffer.from(ref.url.slice("base64://".length), "base64").toString("utf8");
  }
  let path: string;
  if (ref.url.startsWith("file://")) {
    const rest = ref.url.slice("file://".length);
    path = rest.startsWith("/") ? fileURLToPath(ref.url) : join(configDir, rest);
  } else if (!ref.url.includes("://")) {
    path = isAbsolute(ref.url) ? ref.url : join(configDir, ref.url);
  } else {
    throw new Error(
      `identity schema "${ref.id}": only file:// and base64:// URLs are supported, got ${ref.url}`,
    );
  }
  if (!existsSync(path)) path = join(configDir, basename(path));
  return readFile(path, "utf8");
}

export class SchemaRegistry {
  private constructor(
    private readonly schemas: Map<string, IdentitySchema>,
    readonly defaultId: string,
  ) {}

  static async load(config: KratosConfig): Promise<SchemaRegistry> {
    // strict: false lets the `ory.sh/kratos` extension keyword through as an annotation.
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const schemas = new Map<string, IdentitySchema>();
    for (const ref of config.schemas) {
      const source = await readSchemaSource(ref, config.configDir);
      let raw: Record<string, unknown>;
      try {
        raw = JSON.parse(source);
      } catch (error) {
        throw new Error(
          `identity schema "${ref.id}" is not valid JSON: ${(error as Error).message}`,
        );
      }
      // Compile without $id so two configured schemas may share one.
      const { $id: _ignored, ...compilable } = raw;
      schemas.set(ref.id, new IdentitySchema(ref.id, raw, ajv.compile(compilable)));
    }
    if (!schemas.has(config.defaultSchemaId)) {
      throw new Error(
        `kratos.yml: "identity.default_schema_id" is "${config.defaultSchemaId}" but no schema has that id`,
      );
    }
    return new SchemaRegistry(schemas, config.defaultSchemaId);
  }

  get(id: string): IdentitySchema | undefined {
    return this.schemas.get(id);
  }

  get default(): IdentitySchema {
    return this.schemas.get(this.defaultId) as IdentitySchema;
  }

  list(): IdentitySchema[] {
    return [...this.schemas.values()];
  }
}

/** `schema_url` as Kratos renders it: public URL + /schemas/ + unpadded base64url of the id. */
export function schemaUrl(publicBaseUrl: string, schemaId: string): string {
  return new URL(
    `schemas/${Buffer.from(schemaId).toString("base64url")}`,
    publicBaseUrl.endsWith("/") ? publicBaseUrl : `${publicBaseUrl}/`,
  ).toString();
}
