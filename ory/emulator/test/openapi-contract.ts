import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import { type JsonResponse, oryReferenceDir } from "./support.ts";

type Json = Record<string, unknown>;

/**
 * Validates responses against an official Ory OpenAPI document: the status must be declared
 * (or fall under `default`), and the body must match the declared schema. Object schemas are
 * closed first, so a field the spec does not know is a contract failure too.
 */
export function openApiContract(specFile: string) {
  const spec = JSON.parse(readFileSync(join(oryReferenceDir, "openapi", specFile), "utf8")) as Json;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("int64", { type: "number", validate: Number.isInteger });
  ajv.addFormat("uuid4", /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i);
  ajv.addSchema(closeObjects(spec) as Json, "spec");
  const validators = new Map<string, ValidateFunction>();

  return {
    /** Asserts that `response` is what the spec allows for `METHOD path`. */
    expectValid(method: string, path: string, response: JsonResponse): void {
      const operation = ((spec.paths as Json)[path] as Json | undefined)?.[method.toLowerCase()] as
        | Json
        | undefined;
      expect(operation, `${method} ${path} is not in ${specFile}`).toBeDefined();
      const responses = operation?.responses as Json;
      const status = String(response.status) in responses ? String(response.status) : "default";
      expect(
        responses,
        `${method} ${path} does not declare status ${response.status}`,
      ).toHaveProperty(status);
      const declared = responses[status] as { content?: Json };
      if (!declared.content) {
        expect(
          response.body,
          `${method} ${path} ${response.status} must have no body`,
        ).toBeUndefined();
        return;
      }
      expect(declared.content, `${method} ${path} ${status} declares no JSON body`).toHaveProperty(
        "application/json",
      );
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      const pointer = [
        "paths",
        path,
        method.toLowerCase(),
        "responses",
        status,
        "content",
        "application/json",
        "schema",
      ]
        .map((part) => part.replaceAll("~", "~0").replaceAll("/", "~1"))
        .join("/");
      let validate = validators.get(pointer);
      if (!validate) {
        validate = ajv.compile({ $ref: `spec#/${pointer}` });
        validators.set(pointer, validate);
      }
      const valid = validate(response.body);
      expect(
        valid,
        `${method} ${path} ${response.status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(response.body)}`,
      ).toBe(true);
    },
  };
}

/** Adds `additionalProperties: false` to every object schema that lists properties but no policy. */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (typeof node !== "object" || node === null) return node;
  const copy: Json = {};
  for (const [key, value] of Object.entries(node)) copy[key] = closeObjects(value);
  if (copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}
