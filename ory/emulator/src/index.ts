import { resolve } from "node:path";
import { controlApi } from "./control.ts";
import { RequestCounters } from "./counters.ts";
import { Faults } from "./faults.ts";
import { type Handler, requestUrl, sendError } from "./http.ts";
import { instrument } from "./instrument.ts";
import { createKeto, loadKetoConfig } from "./keto/index.ts";
import { createKratos, loadKratosConfig } from "./kratos/index.ts";
import { PortListener } from "./listener.ts";
import { MailCatcher } from "./mail/catcher.ts";
import type { PortName, ServiceName } from "./services.ts";

export type { RequestCounters } from "./counters.ts";
export type { Fault, Faults } from "./faults.ts";
export { type KetoConfig, loadKetoConfig } from "./keto/index.ts";
export type { Expression, Namespace as OplNamespace, RelationType } from "./keto/opl/ast.ts";
export { checkOpl } from "./keto/opl/typecheck.ts";
export {
  parseTupleString,
  type RelationTuple,
  type SubjectSet,
} from "./keto/relation-tuple.ts";
export type { CaughtMail } from "./mail/reader.ts";
export { clearMail, latestCode, readMail } from "./mail/reader.ts";
export type { PortName, ServiceName } from "./services.ts";

/** Mailpit's ports in docker-compose.yml: its inbox and its HTTP API, both on 8025 there. */
export const MAIL_WEB_PORT = 4436;
export const MAIL_API_PORT = 4437;

export interface OryEmulatorOptions {
  /** keto.yml; default `ory/keto/keto.yml` under the working directory. */
  ketoConfig?: string;
  /** kratos.yml; default `ory/kratos/kratos.yml` under the working directory. */
  kratosConfig?: string;
  /** Start one half only. */
  only?: ServiceName;
  /** Persist state as JSON files here; in memory when absent. */
  dataDir?: string;
  /** Tests: bind free ports instead of the configured ones. */
  ephemeralPorts?: boolean;
  /** Interface to listen on; default 127.0.0.1 (the emulator has no authentication). */
  host?: string;
  /**
   * Ory Network's rule: the Kratos admin and both Keto ports refuse requests without
   * `Authorization: Bearer <apiKey>` (401); Kratos's public port never asks for it.
   */
  apiKey?: string;
  /**
   * Also serve both products on one port, as an Ory Network project URL does (routed by
   * path: `/admin/relation-tuples` to Keto's write API, `/relation-tuples…`, `/namespaces`
   * and `/opl…` to its read API, other `/admin/…` to Kratos admin, the rest to Kratos
   * public). 0 picks a free port. Faults that take a port down leave this one up.
   */
  projectPort?: number;
  /**
   * The mail catcher that receives what Kratos's courier sends (with Kratos only): an inbox
   * page on `webPort` (4436) and a subset of Mailpit's API on `apiPort` (4437). `false`
   * leaves it out; the mail is then dropped.
   */
  mail?: false | { webPort?: number; apiPort?: number };
}

/** Base URLs (with trailing slash); a half that was not started has empty strings. */
export interface OryUrls {
  kratosPublic: string;
  kratosAdmin: string;
  ketoRead: string;
  ketoWrite: string;
  /** Both products on one port (with `projectPort`), like an Ory Network project URL. */
  project?: string;
  /** The mail catcher's inbox page and its Mailpit-compatible API, when it runs. */
  mailWeb?: string;
  mailApi?: string;
}

export interface OryEmulator {
  urls: OryUrls;
  faults: Faults;
  counters: RequestCounters;
  /** The routes each started port serves (`METHOD /path`): what the README's coverage table lists. */
  routes: Partial<Record<PortName, string[]>>;
  /** What listens where, one line per port. */
  describe(): string[];
  close(): Promise<void>;
}

/**
 * Where a project keeps its Ory configs when it does not say: the layout `docker compose`
 * mounts, relative to the directory the emulator is started from (not to this package, which
 * may live in node_modules).
 */
export const DEFAULT_KETO_CONFIG = "ory/keto/keto.yml";
export const DEFAULT_KRATOS_CONFIG = "ory/kratos/kratos.yml";

export const PRODUCTION_REFUSAL =
  "The Ory emulator is a development and test tool, not an authorization server, and does not run with NODE_ENV=production. " +
  "Run the real Ory Kratos and Keto v26.2.0 instead (for example `docker compose up`, with the same configs in ory/), " +
  "and point the API at them with KRATOS_PUBLIC_URL, KRATOS_ADMIN_URL, KETO_READ_URL and KETO_WRITE_URL.";

export async function startOryEmulator(options: OryEmulatorOptions = {}): Promise<OryEmulator> {
  if (process.env.NODE_ENV === "production") throw new Error(PRODUCTION_REFUSAL);

  const host = options.host ?? "127.0.0.1";
  const port = (configured: number) => (options.ephemeralPorts ? 0 : configured);
  const listeners: Record<ServiceName, Map<PortName, PortListener>> = {
    keto: new Map(),
    kratos: new Map(),
  };
  /**
   * Binds a service's ports before the service is built (with free ports Kratos needs the
   * bound URLs); they are kept per service because faults close and reopen them together.
   */
  const bind = async (
    service: ServiceName,
    ...ports: [role: PortName, name: string, configured: number][]
  ) => {
    const bound = ports.map(([role, name, configured]) => {
      const listener = new PortListener(name, host, port(configured));
      listeners[service].set(role, listener);
      return listener;
    });
    for (const listener of bound) await listener.listen();
    return bound;
  };
  const closers: (() => Promise<void>)[] = [];
  const counters = new RequestCounters();
  const faults = new Faults(async (service, down) => {
    for (const [role, listener] of listeners[service]) {
      await (down.includes(role) ? listener.close() : listener.listen());
    }
  });
  const control = controlApi(faults, counters);
  const urls: OryUrls = { kratosPublic: "", kratosAdmin: "", ketoRead: "", ketoWrite: "" };
  const handlers: Partial<Record<PortName, Handler>> = {};
  const routes: Partial<Record<PortName, string[]>> = {};
  let ketoNamespaces = "";

  const close = async () => {
    for (const listener of [...listeners.keto.values(), ...listeners.kratos.values()]) {
      await listener.close();
    }
    for (const closer of closers.reverse()) await closer();
  };

  try {
    if (options.only !== "kratos") {
      const config = await loadKetoConfig(resolve(options.ketoConfig ?? DEFAULT_KETO_CONFIG));
      const [read, write] = await bind(
        "keto",
        ["read", "Keto read API", config.readPort],
        ["write", "Keto write API", config.writePort],
      );
      const keto = await createKeto(config, { dataDir: options.dataDir });
      closers.push(() => keto.close());
      const { apiKey } = options;
      handlers.read = instrument("keto", "read", keto.read, { faults, counters, apiKey });
      handlers.write = instrument("keto", "write", keto.write, {
        faults,
        counters,
        control,
        apiKey,
      });
      routes.read = keto.read.routeKeys;
      routes.write = keto.write.routeKeys;
      read.attach(handlers.read);
      write.attach(handlers.write);
      urls.ketoRead = read.url;
      urls.ketoWrite = write.url;
      ketoNamespaces = config.namespacesSource;
    }

    if (options.only !== "keto") {
      const config = await loadKratosConfig(resolve(options.kratosConfig ?? DEFAULT_KRATOS_CONFIG));
      const [publicPort, adminPort] = await bind(
        "kratos",
        ["public", "Kratos public API", config.publicPort],
        ["admin", "Kratos admin API", config.adminPort],
      );
      // With free ports the configured base URLs would point elsewhere; use the bound ones.
      const publicBaseUrl = options.ephemeralPorts ? publicPort.url : config.publicBaseUrl;
      const adminBaseUrl = options.ephemeralPorts ? adminPort.url : config.adminBaseUrl;
      const catcher = options.mail === false ? undefined : new MailCatcher();
      if (catcher) {
        const mail = options.mail || {};
        const web = new PortListener(
          "Mail catcher inbox",
          host,
          port(mail.webPort ?? MAIL_WEB_PORT),
        );
        const api = new PortListener("Mail catcher API", host, port(mail.apiPort ?? MAIL_API_PORT));
        web.attach(catcher.web);
        api.attach(catcher.api);
        for (const listener of [web, api]) {
          await listener.listen();
          closers.push(() => listener.close());
        }
        urls.mailWeb = web.url;
        urls.mailApi = api.url;
      }
      const kratos = await createKratos(config, {
        publicBaseUrl,
        adminBaseUrl,
        dataDir: options.dataDir,
        mail: catcher && ((mail) => catcher.deliver(mail)),
      });
      closers.push(() => kratos.close());
      handlers.public = instrument("kratos", "public", kratos.public, { faults, counters });
      handlers.admin = instrument("kratos", "admin", kratos.admin, {
        faults,
        counters,
        control,
        apiKey: options.apiKey,
      });
      routes.public = kratos.public.routeKeys;
      routes.admin = kratos.admin.routeKeys;
      publicPort.attach(handlers.public);
      adminPort.attach(handlers.admin);
      urls.kratosPublic = publicBaseUrl;
      urls.kratosAdmin = adminBaseUrl;
    }
    if (options.projectPort !== undefined) {
      const project = new PortListener("Ory project URL", host, options.projectPort);
      project.attach(projectRouter(handlers));
      await project.listen();
      closers.push(() => project.close());
      urls.project = project.url;
    }
  } catch (error) {
    await close();
    throw error;
  }

  return {
    urls,
    faults,
    counters,
    routes,
    describe: () => [
      ...(urls.ketoRead
        ? [
            `Keto read API     ${urls.ketoRead}`,
            `Keto write API    ${urls.ketoWrite}`,
            `Keto namespaces   ${ketoNamespaces}`,
          ]
        : []),
      ...(urls.kratosPublic
        ? [`Kratos public API ${urls.kratosPublic}`, `Kratos admin API  ${urls.kratosAdmin}`]
        : []),
      ...(urls.mailWeb
        ? [`Mail inbox        ${urls.mailWeb}`, `Mail Mailpit API  ${urls.mailApi}`]
        : []),
    ],
    close,
  };
}

/** One port for everything, routed by path as an Ory Network project URL routes it. */
function projectRouter(handlers: Partial<Record<PortName, Handler>>): Handler {
  const portFor = (path: string): PortName => {
    if (path.startsWith("/admin/relation-tuples")) return "write";
    if (/^\/(relation-tuples|namespaces|opl)(\/|$)/.test(path)) return "read";
    if (path.startsWith("/admin/")) return "admin";
    return "public";
  };
  return (req, res) => {
    const handler = handlers[portFor(requestUrl(req).pathname)];
    if (handler) return handler(req, res);
    return sendError(res, { status: 404, reason: "Not served by this emulator." }, req);
  };
}
