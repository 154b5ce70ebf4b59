/**
 * The Ory configs as the real servers read them, checked against the official JSON schemas of
 * their v26.2.0 releases (copied into ory/reference, whose README names each source). The
 * emulator reads only part of kratos.yml and keto.yml, so its tests cannot vouch for the rest.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormatsImport from "ajv-formats";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// ajv-formats ships CommonJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = ((addFormatsImport as { default?: unknown }).default ??
  addFormatsImport) as typeof addFormatsImport;

const oryDir = import.meta.dirname;
const schemasDir = join(oryDir, "reference/config-schemas");

type Json = Record<string, unknown>;
const readJson = (file: string): Json => JSON.parse(readFileSync(file, "utf8"));
const readYaml = (file: string): unknown => parse(readFileSync(join(oryDir, file), "utf8"));

/** Ajv with the shared schemas the Ory schemas refer to by their `ory://` ids. */
function oryAjv(): Ajv {
  // strict: false, because Ory's schemas use keywords and formats of their own.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const file of [
    "ory-logging-config.schema.json",
    "ory-tracing-config.schema.json",
    "kratos-identity-extension.v26.2.0.schema.json",
  ]) {
    ajv.addSchema(readJson(join(schemasDir, file)));
  }
  return ajv;
}

function expectValid(schemaFile: string, value: unknown) {
  const ajv = oryAjv();
  const validate = ajv.compile(readJson(join(schemasDir, schemaFile)));
  expect(validate(value), ajv.errorsText(validate.errors)).toBe(true);
}

describe("Kratos and Keto configs", () => {
  it("kratos.yml is valid for Kratos v26.2.0", () => {
    expectValid("kratos-config.v26.2.0.schema.json", readYaml("kratos/kratos.yml"));
  });

  it("identity.schema.json is a valid Kratos identity schema", () => {
    expectValid(
      "kratos-identity-meta.v26.2.0.schema.json",
      readJson(join(oryDir, "kratos/identity.schema.json")),
    );
  });

  it("keto.yml is valid for Keto v26.2.0", () => {
    expectValid("keto-config.v26.2.0.schema.json", readYaml("keto/keto.yml"));
  });

  it("the schemas reject what Kratos would refuse, so a pass above means something", () => {
    const kratos = readYaml("kratos/kratos.yml") as { selfservice: { flows: Json } };
    kratos.selfservice.flows.recovery = { enabled: true, use: "sms" };
    const ajv = oryAjv();
    const validate = ajv.compile(readJson(join(schemasDir, "kratos-config.v26.2.0.schema.json")));
    expect(validate(kratos)).toBe(false);
    expect(ajv.errorsText(validate.errors)).toContain("/selfservice/flows/recovery/use");
  });
});

interface Handler {
  handler: string;
  config?: Json;
}

interface AccessRule {
  id: string;
  match: { url: string; methods: string[] };
  authenticators: Handler[];
  authorizer: Handler;
  mutators: Handler[];
  errors?: Handler[];
  upstream: { url: string; preserve_host?: boolean; strip_path?: string };
}

type Pipeline = "authenticators" | "authorizers" | "mutators" | "errors";

describe("Oathkeeper (the gateway profile)", () => {
  const schema = readJson(join(schemasDir, "oathkeeper-config.v26.2.0.schema.json"));
  const config = readYaml("oathkeeper/oathkeeper.yml") as Json;

  it("oathkeeper.yml is valid for Oathkeeper v26.2.0", () => {
    expectValid("oathkeeper-config.v26.2.0.schema.json", config);
  });

  /** A handler's section of oathkeeper.yml: `errors.handlers.<id>` or `<pipeline>.<id>`. */
  function section(pipeline: Pipeline, id: string): Json | undefined {
    const handlers = (
      pipeline === "errors" ? (config.errors as Json | undefined)?.handlers : config[pipeline]
    ) as Json | undefined;
    return handlers?.[id] as Json | undefined;
  }

  /** Where Oathkeeper's schema defines a handler's `config` (none for allow, noop, …). */
  function configDefinition(pipeline: Pipeline, id: string): string | undefined {
    const top = (schema.properties as Json)[pipeline] as { properties: Json };
    const handlers =
      pipeline === "errors"
        ? (top.properties.handlers as { properties: Json }).properties
        : top.properties;
    const entry = handlers[id] as { properties?: Json; oneOf?: { properties?: Json }[] };
    if (entry === undefined) throw new Error(`Oathkeeper v26.2.0 has no ${pipeline} "${id}"`);
    const holders = [entry.properties, ...(entry.oneOf ?? []).map((branch) => branch.properties)];
    const holder = holders.find((candidate) => candidate?.config !== undefined);
    return (holder?.config as { $ref?: string } | undefined)?.$ref;
  }

  /** koanf's merge, as Oathkeeper does it: objects merge key by key, anything else replaces. */
  function merged(base: unknown, override: unknown): unknown {
    const isObject = (value: unknown): value is Json =>
      typeof value === "object" && value !== null && !Array.isArray(value);
    if (!isObject(base) || !isObject(override)) return override ?? base;
    const result: Json = { ...base };
    for (const [key, value] of Object.entries(override)) result[key] = merged(base[key], value);
    return result;
  }

  /**
   * What Oathkeeper's rule validator (rule/validator.go) asks of each handler a rule names:
   * that it is enabled in oathkeeper.yml, and that its config there, merged with the rule's
   * own, is valid for that handler in the config schema.
   */
  function handlerProblems(pipeline: Pipeline, use: Handler): string[] {
    const own = section(pipeline, use.handler);
    if (own?.enabled !== true) return [`${pipeline} "${use.handler}" is not enabled`];
    const definition = configDefinition(pipeline, use.handler);
    if (definition === undefined) {
      return use.config === undefined ? [] : [`${pipeline} "${use.handler}" takes no config`];
    }
    const ajv = oryAjv();
    ajv.addSchema(schema);
    const validate = ajv.compile({ $ref: `${schema.$id}${definition}` });
    return validate(merged(own.config, use.config))
      ? []
      : [`${pipeline} "${use.handler}": ${ajv.errorsText(validate.errors)}`];
  }

  it("access-rules.yml holds rules Oathkeeper's validator accepts", () => {
    const rules = readYaml("oathkeeper/access-rules.yml") as AccessRule[];
    expect(rules.length).toBeGreaterThan(0);
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(rules.length);
    // The fields of Oathkeeper's Rule. It ignores other keys in YAML rules (and refuses them
    // in JSON), so a misspelt key would silently do nothing.
    const ruleKeys = [
      "id",
      "version",
      "description",
      "match",
      "upstream",
      "authenticators",
      "authorizer",
      "mutators",
      "errors",
    ];
    for (const rule of rules) {
      expect(ruleKeys, rule.id).toEqual(expect.arrayContaining(Object.keys(rule)));
      expect(rule.match.url, rule.id).toMatch(/^https?:\/\//);
      expect(rule.match.methods.length, rule.id).toBeGreaterThan(0);
      expect(URL.canParse(rule.upstream.url), rule.id).toBe(true);
      expect(rule.authenticators.length, rule.id).toBeGreaterThan(0);
      expect(rule.mutators.length, rule.id).toBeGreaterThan(0);
      const problems = [
        ...rule.authenticators.flatMap((use) => handlerProblems("authenticators", use)),
        ...handlerProblems("authorizers", rule.authorizer),
        ...rule.mutators.flatMap((use) => handlerProblems("mutators", use)),
        ...(rule.errors ?? []).flatMap((use) => handlerProblems("errors", use)),
      ];
      expect(problems, rule.id).toEqual([]);
    }
  });

  it("a rule naming a disabled handler or a bad config is caught", () => {
    expect(handlerProblems("authenticators", { handler: "jwt" })).toEqual([
      'authenticators "jwt" is not enabled',
    ]);
    const badTokenSource = { token_from: { header: "X-Session-Token", cookie: "x" } };
    expect(
      handlerProblems("authenticators", { handler: "bearer_token", config: badTokenSource }),
    ).not.toEqual([]);
  });

  it("asks Kratos's whoami the way Kratos answers: GET at its own path, never the request's", () => {
    const authenticators = config.authenticators as Record<string, { config: Json }>;
    for (const id of ["cookie_session", "bearer_token"]) {
      expect(authenticators[id].config, id).toMatchObject({
        check_session_url: expect.stringMatching(/\/sessions\/whoami$/),
        force_method: "GET",
        preserve_path: true,
        subject_from: "identity.id",
      });
    }
    const kratos = readYaml("kratos/kratos.yml") as { session: { cookie: { name: string } } };
    expect(authenticators.cookie_session.config.only).toEqual([kratos.session.cookie.name]);
  });
});
