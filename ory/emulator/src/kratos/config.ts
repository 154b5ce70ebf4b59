import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parse } from "yaml";
import { parseDuration } from "./duration.ts";

export type SameSite = "Strict" | "Lax" | "None";

export interface CorsConfig {
  enabled: boolean;
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposedHeaders: string[];
  allowCredentials: boolean;
  maxAge: number;
}

export interface CookieConfig {
  name: string;
  persistent: boolean;
  sameSite: SameSite;
  domain?: string;
  path: string;
  secure: boolean;
}

export interface IdentitySchemaRef {
  id: string;
  url: string;
}

/** The subset of kratos.yml the emulator honours, with Kratos' defaults filled in. */
export interface KratosConfig {
  /** Directory of kratos.yml; relative schema URLs are resolved against it. */
  configDir: string;
  dev: boolean;
  publicPort: number;
  adminPort: number;
  publicHost: string;
  adminHost: string;
  publicBaseUrl: string;
  adminBaseUrl: string;
  cors: CorsConfig;
  defaultBrowserReturnUrl: string;
  allowedReturnUrls: string[];
  password: {
    enabled: boolean;
    minLength: number;
    identifierSimilarityCheck: boolean;
  };
  flows: {
    errorUiUrl?: string;
    login: { uiUrl: string; lifespanMs: number; afterReturnUrl?: string };
    registration: {
      enabled: boolean;
      uiUrl: string;
      lifespanMs: number;
      style: "unified" | "profile_first";
      issueSession: boolean;
      /** The `show_verification_ui` hook: point the finished flow at the verification UI. */
      showVerificationUi: boolean;
      afterReturnUrl?: string;
    };
    settings: {
      uiUrl: string;
      lifespanMs: number;
      privilegedSessionMaxAgeMs: number;
      afterReturnUrl?: string;
    };
    logout: { afterReturnUrl?: string };
    recovery: CodeFlowConfig;
    verification: CodeFlowConfig;
  };
  /** `selfservice.methods.code.config`: how long a mailed code lives, how many tries a flow gets. */
  code: { lifespanMs: number; maxSubmissions: number };
  courier: { fromAddress: string; fromName: string };
  /** `feature_flags.use_continue_with_transitions`: how recovery hands over to settings. */
  useContinueWithTransitions: boolean;
  session: {
    lifespanMs: number;
    /** `session.earliest_possible_extend`; unset means the whole lifespan. */
    earliestPossibleExtendMs?: number;
    cookie: CookieConfig;
  };
  csrfCookie: Omit<CookieConfig, "name" | "persistent">;
  cookieSecrets: string[];
  bcryptCost: number;
  defaultSchemaId: string;
  schemas: IdentitySchemaRef[];
}

/** Recovery and verification, which the emulator offers with the `code` method only. */
export interface CodeFlowConfig {
  enabled: boolean;
  uiUrl: string;
  lifespanMs: number;
  /** Mail addresses nobody has that someone tried the flow with. */
  notifyUnknownRecipients: boolean;
  afterReturnUrl?: string;
}

/** Reads one typed value out of the parsed YAML, naming the key when it has the wrong type. */
class ConfigReader {
  constructor(private readonly root: unknown) {}

  private lookup(path: string): unknown {
    let node: unknown = this.root;
    for (const key of path.split(".")) {
      if (node === null || typeof node !== "object") return undefined;
      node = (node as Record<string, unknown>)[key];
    }
    return node;
  }

  private fail(path: string, expected: string, value: unknown): never {
    throw new Error(`kratos.yml: "${path}" must be ${expected}, got ${JSON.stringify(value)}`);
  }

  string(path: string): string | undefined {
    const value = this.lookup(path);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") this.fail(path, "a string", value);
    return value;
  }

  url(path: string): string | undefined {
    const value = this.string(path);
    if (value === undefined) return undefined;
    try {
      new URL(value);
    } catch {
      this.fail(path, "an absolute URL", value);
    }
    return value;
  }

  boolean(path: string): boolean | undefined {
    const value = this.lookup(path);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") this.fail(path, "a boolean", value);
    return value;
  }

  integer(path: string, min: number, max: number): number | undefined {
    const value = this.lookup(path);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      this.fail(path, `an integer between ${min} and ${max}`, value);
    }
    return value;
  }

  duration(path: string): number | undefined {
    const value = this.string(path);
    if (value === undefined) return undefined;
    const ms = parseDuration(value);
    if (ms === undefined) this.fail(path, 'a duration such as "1h" or "10m30s"', value);
    return ms;
  }

  stringList(path: string): string[] | undefined {
    const value = this.lookup(path);
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
      this.fail(path, "a list of strings", value);
    }
    return value as string[];
  }

  oneOf<T extends string>(path: string, allowed: readonly T[]): T | undefined {
    const value = this.string(path);
    if (value === undefined) return undefined;
    if (!allowed.includes(value as T)) this.fail(path, `one of ${allowed.join(", ")}`, value);
    return value as T;
  }

  list(path: string): unknown[] | undefined {
    const value = this.lookup(path);
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) this.fail(path, "a list", value);
    return value;
  }
}

const SAME_SITE = ["Strict", "Lax", "None"] as const;

function readSchemas(reader: ConfigReader): IdentitySchemaRef[] {
  const entries = reader.list("identity.schemas");
  if (!entries || entries.length === 0) {
    throw new Error('kratos.yml: "identity.schemas" must list at least one identity schema');
  }
  return entries.map((entry, index) => {
    const item = new ConfigReader(entry);
    const id = item.string("id");
    const url = item.string("url");
    if (!id || !url) {
      throw new Error(`kratos.yml: "identity.schemas.${index}" needs both "id" and "url"`);
    }
    return { id, url };
  });
}

/** Whether a hook is configured after password registration. */
function registrationHasHook(reader: ConfigReader, name: string): boolean {
  return [
    "selfservice.flows.registration.after.password.hooks",
    "selfservice.flows.registration.after.hooks",
  ].some((path) =>
    (reader.list(path) ?? []).some((hook) => new ConfigReader(hook).string("hook") === name),
  );
}

function codeFlowOf(
  reader: ConfigReader,
  flow: "recovery" | "verification",
  fallbackUi: string,
): CodeFlowConfig {
  const key = `selfservice.flows.${flow}`;
  const use = reader.oneOf(`${key}.use`, ["code", "link"] as const) ?? "code";
  const enabled = reader.boolean(`${key}.enabled`) ?? false;
  if (enabled && use !== "code") {
    throw new Error(`kratos.yml: "${key}.use: ${use}" is not emulated; use "code"`);
  }
  return {
    enabled,
    uiUrl: reader.url(`${key}.ui_url`) ?? fallbackUi,
    lifespanMs: reader.duration(`${key}.lifespan`) ?? 3_600_000,
    notifyUnknownRecipients: reader.boolean(`${key}.notify_unknown_recipients`) ?? false,
    afterReturnUrl: reader.url(`${key}.after.default_browser_return_url`),
  };
}

function portOf(reader: ConfigReader, key: string, fallback: number): number {
  return reader.integer(`serve.${key}.port`, 0, 65535) ?? fallback;
}

function baseUrlOf(reader: ConfigReader, key: string, host: string, port: number): string {
  return reader.url(`serve.${key}.base_url`) ?? `http://${host || "127.0.0.1"}:${port}/`;
}

export function kratosConfigFromObject(raw: unknown, configDir: string): KratosConfig {
  const r = new ConfigReader(raw ?? {});
  const dev = r.boolean("dev") ?? false;

  const publicPort = portOf(r, "public", 4433);
  const adminPort = portOf(r, "admin", 4434);
  const publicHost = r.string("serve.public.host") ?? "";
  const adminHost = r.string("serve.admin.host") ?? "";

  const defaultBrowserReturnUrl = r.url("selfservice.default_browser_return_url");
  if (!defaultBrowserReturnUrl) {
    throw new Error('kratos.yml: "selfservice.default_browser_return_url" is required');
  }

  const cookieDomain = r.string("cookies.domain");
  const cookiePath = r.string("cookies.path") ?? "/";
  const cookieSameSite = r.oneOf("cookies.same_site", SAME_SITE) ?? "Lax";
  const secureSetting = r.string("cookies.secure");
  const cookieSecure = secureSetting === undefined ? !dev : secureSetting === "true";

  const fallbackUi = (flow: string) => new URL(`/${flow}`, defaultBrowserReturnUrl).toString();

  return {
    configDir,
    dev,
    publicPort,
    adminPort,
    publicHost,
    adminHost,
    publicBaseUrl: baseUrlOf(r, "public", publicHost, publicPort),
    adminBaseUrl: baseUrlOf(r, "admin", adminHost, adminPort),
    cors: {
      enabled: r.boolean("serve.public.cors.enabled") ?? false,
      allowedOrigins: r.stringList("serve.public.cors.allowed_origins") ?? ["*"],
      allowedMethods: r.stringList("serve.public.cors.allowed_methods") ?? [
        "POST",
        "GET",
        "PUT",
        "PATCH",
        "DELETE",
      ],
      allowedHeaders: r.stringList("serve.public.cors.allowed_headers") ?? [
        "Authorization",
        "Content-Type",
        "Max-Age",
        "X-Session-Token",
        "X-XSRF-TOKEN",
        "X-CSRF-TOKEN",
      ],
      exposedHeaders: r.stringList("serve.public.cors.exposed_headers") ?? ["Content-Type"],
      allowCredentials: r.boolean("serve.public.cors.allow_credentials") ?? true,
      maxAge: r.integer("serve.public.cors.max_age", 0, 86_400 * 365) ?? 0,
    },
    defaultBrowserReturnUrl,
    allowedReturnUrls: r.stringList("selfservice.allowed_return_urls") ?? [],
    password: {
      enabled: r.boolean("selfservice.methods.password.enabled") ?? true,
      minLength: r.integer("selfservice.methods.password.config.min_password_length", 6, 4096) ?? 8,
      identifierSimilarityCheck:
        r.boolean("selfservice.methods.password.config.identifier_similarity_check_enabled") ??
        true,
    },
    flows: {
      errorUiUrl: r.url("selfservice.flows.error.ui_url"),
      login: {
        uiUrl: r.url("selfservice.flows.login.ui_url") ?? fallbackUi("login"),
        lifespanMs: r.duration("selfservice.flows.login.lifespan") ?? 3_600_000,
        afterReturnUrl:
          r.url("selfservice.flows.login.after.password.default_browser_return_url") ??
          r.url("selfservice.flows.login.after.default_browser_return_url"),
      },
      registration: {
        enabled: r.boolean("selfservice.flows.registration.enabled") ?? true,
        uiUrl: r.url("selfservice.flows.registration.ui_url") ?? fallbackUi("registration"),
        lifespanMs: r.duration("selfservice.flows.registration.lifespan") ?? 3_600_000,
        style:
          r.oneOf("selfservice.flows.registration.style", ["unified", "profile_first"] as const) ??
          "profile_first",
        issueSession: registrationHasHook(r, "session"),
        showVerificationUi: registrationHasHook(r, "show_verification_ui"),
        afterReturnUrl:
          r.url("selfservice.flows.registration.after.password.default_browser_return_url") ??
          r.url("selfservice.flows.registration.after.default_browser_return_url"),
      },
      settings: {
        uiUrl: r.url("selfservice.flows.settings.ui_url") ?? fallbackUi("settings"),
        lifespanMs: r.duration("selfservice.flows.settings.lifespan") ?? 3_600_000,
        privilegedSessionMaxAgeMs:
          r.duration("selfservice.flows.settings.privileged_session_max_age") ?? 3_600_000,
        afterReturnUrl: r.url("selfservice.flows.settings.after.default_browser_return_url"),
      },
      logout: {
        afterReturnUrl: r.url("selfservice.flows.logout.after.default_browser_return_url"),
      },
      recovery: codeFlowOf(r, "recovery", fallbackUi("recovery")),
      verification: codeFlowOf(r, "verification", fallbackUi("verification")),
    },
    code: {
      lifespanMs: r.duration("selfservice.methods.code.config.lifespan") ?? 3_600_000,
      maxSubmissions: r.integer("selfservice.methods.code.config.max_submissions", 1, 255) ?? 5,
    },
    courier: {
      fromAddress: r.string("courier.smtp.from_address") ?? "no-reply@ory.kratos.sh",
      fromName: r.string("courier.smtp.from_name") ?? "",
    },
    useContinueWithTransitions: r.boolean("feature_flags.use_continue_with_transitions") ?? false,
    session: {
      lifespanMs: r.duration("session.lifespan") ?? 86_400_000,
      earliestPossibleExtendMs: r.duration("session.earliest_possible_extend"),
      cookie: {
        name: r.string("session.cookie.name") ?? "ory_kratos_session",
        persistent: r.boolean("session.cookie.persistent") ?? true,
        sameSite: r.oneOf("session.cookie.same_site", SAME_SITE) ?? cookieSameSite,
        domain: r.string("session.cookie.domain") ?? cookieDomain,
        path: r.string("session.cookie.path") ?? cookiePath,
        secure: r.boolean("session.cookie.secure") ?? cookieSecure,
      },
    },
    csrfCookie: {
      // Kratos forces Lax on the CSRF cookie whenever it is not Secure.
      sameSite: cookieSecure ? cookieSameSite : "Lax",
      domain: cookieDomain,
      path: cookiePath,
      secure: cookieSecure,
    },
    cookieSecrets: r.stringList("secrets.cookie") ?? r.stringList("secrets.default") ?? [],
    bcryptCost: r.integer("hashers.bcrypt.cost", 4, 31) ?? 12,
    defaultSchemaId: r.string("identity.default_schema_id") ?? "default",
    schemas: readSchemas(r),
  };
}

export async function loadKratosConfig(path: string): Promise<KratosConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new Error(`Cannot read the Kratos config ${resolve(path)}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new Error(`kratos.yml: ${path} is not valid YAML: ${(error as Error).message}`);
  }
  return kratosConfigFromObject(raw, dirname(resolve(path)));
}
