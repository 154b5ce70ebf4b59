/**
 * docker-compose.yml, checked by reading it: no Docker engine runs where this project is
 * developed (CI also runs `docker-compose config -q` over it). Exact image tags, health checks
 * and start-up order, the API's production environment read by the API's own config module,
 * one browser origin across Kratos and the API, and every URL and mounted file pointing at
 * something that is there.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfig } from "../server/src/config.ts";
import { MAIL_API_PORT, MAIL_WEB_PORT } from "./emulator/src/index.ts";

const root = resolve(import.meta.dirname, "..");
const readYaml = (file: string) => parse(readFileSync(join(root, file), "utf8"));

interface Service {
  image?: string;
  build?: unknown;
  command?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  profiles?: string[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: Record<string, { condition?: string }>;
}

const services: Record<string, Service> = readYaml("docker-compose.yml").services;
const kratos = readYaml("ory/kratos/kratos.yml");
const keto = readYaml("ory/keto/keto.yml");
const oathkeeper = readYaml("ory/oathkeeper/oathkeeper.yml");
const accessRules: { id: string; match: { url: string }; upstream: { url: string } }[] = readYaml(
  "ory/oathkeeper/access-rules.yml",
);

/**
 * A value as `docker compose up` sees it with nothing set in the shell: `${NAME:-default}`
 * takes its default; `${NAME:?message}` stops `up` unless the operator sets it, so a
 * stand-in of the length CURSOR_SECRET needs takes its place here.
 */
function interpolate(value: string): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name, kind, text) => {
    if (kind === "-") return text;
    if (kind === "?") return `set-by-the-operator-${"x".repeat(32)}`;
    throw new Error(`\${${name}} has no default: set one or require it with :?`);
  });
}

const environment = (service: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries(services[service].environment ?? {}).map(([name, value]) => [
      name,
      interpolate(String(value)),
    ]),
  );

/** The API's settings as its own config module reads what compose gives it. */
const apiConfig = () => loadConfig(environment("api"));

/** The HTTP ports each service listens on, as its own config says. */
const listening = (): Record<string, number[]> => ({
  api: [apiConfig().PORT],
  kratos: [kratos.serve.public.port, kratos.serve.admin.port],
  keto: [keto.serve.read.port, keto.serve.write.port],
  oathkeeper: [oathkeeper.serve.proxy.port, oathkeeper.serve.api.port],
});

/** "127.0.0.1:4000:4000" as its parts. */
function published(service: string) {
  return (services[service].ports ?? []).map((port) => {
    const [host, hostPort, containerPort] = port.split(":");
    return { host, hostPort: Number(hostPort), containerPort: Number(containerPort) };
  });
}

/** Where a path inside a service's container comes from in the repository, via its mounts. */
function repositoryFile(service: string, containerPath: string): string | undefined {
  for (const volume of services[service].volumes ?? []) {
    const [source, target] = volume.split(":");
    if (source.startsWith("./") && containerPath.startsWith(`${target}/`)) {
      return join(root, source, containerPath.slice(target.length));
    }
  }
  return undefined;
}

/** Services that run once (migrations): others wait for them to finish, not to be healthy. */
const oneShots = new Set(
  Object.values(services).flatMap((service) =>
    Object.entries(service.depends_on ?? {})
      .filter(([, dependency]) => dependency.condition === "service_completed_successfully")
      .map(([name]) => name),
  ),
);

/** The services one waits for before it starts, directly or through those it waits for. */
function waitsFor(service: string, seen = new Set<string>()): Set<string> {
  for (const dependency of Object.keys(services[service].depends_on ?? {})) {
    if (!seen.has(dependency)) waitsFor(dependency, seen.add(dependency));
  }
  return seen;
}

/** The API's four Ory URLs (its config also holds an optional API key, which is no URL). */
function oryUrlsOf(config: ReturnType<typeof apiConfig>): string[] {
  const { apiKey: _apiKey, ...urls } = config.ory ?? {};
  return Object.values(urls);
}

describe("docker-compose.yml", () => {
  it("pins every image to an exact version, the Ory images to the version their configs name", () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.image === undefined) {
        expect(service.build, `${name} has neither image nor build`).toBeDefined();
        continue;
      }
      expect(service.image, name).toMatch(/^[\w./-]+:v?\d+\.\d+(\.\d+)?(-[\w.]+)?$/);
      expect(service.image, name).not.toMatch(/latest/);
    }
    const ory = {
      "oryd/kratos": kratos.version,
      "oryd/keto": keto.version,
      "oryd/oathkeeper": oathkeeper.version,
    };
    for (const service of Object.values(services)) {
      const [repository, tag] = (service.image ?? "").split(":");
      if (repository in ory) expect(tag, repository).toBe(ory[repository as keyof typeof ory]);
    }
  });

  it("gives every long-running service a health check", () => {
    const longRunning = Object.keys(services).filter((name) => !oneShots.has(name));
    expect(longRunning.sort()).toEqual(
      ["api", "keto", "kratos", "mailpit", "oathkeeper", "postgres"].sort(),
    );
    for (const name of longRunning) {
      const check = services[name].healthcheck;
      expect(check?.disable, name).not.toBe(true);
      expect(check?.test, name).toEqual(expect.arrayContaining(["CMD"]));
    }
  });

  it("starts each service after what it needs is healthy, or finished for migrations", () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        const edge = `${name} -> ${dependency}`;
        expect(services[dependency], edge).toBeDefined();
        if (oneShots.has(dependency)) {
          expect(condition, edge).toBe("service_completed_successfully");
        } else {
          expect(condition, edge).toBe("service_healthy");
        }
        // A service outside a profile cannot wait for one that only that profile starts.
        const profiles = services[dependency].profiles ?? [];
        if (profiles.length > 0) expect(service.profiles ?? [], edge).toEqual(profiles);
      }
    }
  });

  it("starts no service before the services it calls", () => {
    const api = apiConfig();
    const hosts = (...urls: string[]) => urls.map((url) => new URL(url).hostname);
    const calls: Record<string, string[]> = {
      api: hosts(environment("api").DATABASE_URL, ...oryUrlsOf(api)),
      kratos: hosts(environment("kratos").DSN, kratos.courier.smtp.connection_uri),
      keto: hosts(keto.dsn),
      oathkeeper: hosts(
        ...accessRules.map((rule) => rule.upstream.url),
        oathkeeper.authenticators.cookie_session.config.check_session_url,
        oathkeeper.authenticators.bearer_token.config.check_session_url,
      ),
    };
    for (const [name, called] of Object.entries(calls)) {
      expect([...waitsFor(name)], name).toEqual(expect.arrayContaining(called));
    }
  });

  it("health checks ask /health/ready on a port the service serves", () => {
    for (const [name, served] of Object.entries(listening())) {
      const test = [services[name].healthcheck?.test ?? []].flat().join(" ");
      const port = test.match(/http:\/\/127\.0\.0\.1:(\d+)\/health\/ready\b/)?.[1];
      expect(served, `${name}: ${test}`).toContain(Number(port));
    }
  });

  it("publishes ports on loopback only, each on a port the service listens on", () => {
    for (const name of Object.keys(services)) {
      for (const port of published(name)) {
        expect(port.host, name).toBe("127.0.0.1");
        const ports = listening()[name];
        if (ports) expect(ports, name).toContain(port.containerPort);
      }
    }
  });

  it("mounts every file an Ory server is told to read", () => {
    const needed: [string, string][] = [];
    for (const [name, service] of Object.entries(services)) {
      const config = service.command?.match(/-c (\S+)/)?.[1];
      if (config) needed.push([name, config]);
    }
    expect(needed.map(([name]) => name).sort()).toEqual(
      ["keto", "keto-migrate", "kratos", "kratos-migrate", "oathkeeper"].sort(),
    );
    for (const schema of kratos.identity.schemas) {
      needed.push(["kratos", new URL(schema.url).pathname]);
    }
    needed.push(["keto", new URL(keto.namespaces.location).pathname]);
    for (const repository of oathkeeper.access_rules.repositories) {
      needed.push(["oathkeeper", new URL(repository).pathname]);
    }
    for (const [name, containerPath] of needed) {
      const file = repositoryFile(name, containerPath);
      expect(file && existsSync(file), `${name}: ${containerPath}`).toBe(true);
    }
  });

  it("stores each service's data in the database and role postgres-init.sql creates for it", () => {
    const init = readFileSync(join(root, "ory/postgres-init.sql"), "utf8");
    for (const dsn of [
      environment("api").DATABASE_URL,
      environment("kratos").DSN,
      environment("kratos-migrate").DSN,
      keto.dsn,
    ]) {
      const url = new URL(dsn);
      expect(url.hostname, dsn).toBe("postgres");
      const [user, database] = [url.username, url.pathname.slice(1)];
      expect(init, dsn).toContain(`CREATE ROLE ${user} LOGIN PASSWORD '${url.password}';`);
      expect(init, dsn).toContain(`CREATE DATABASE ${database} OWNER ${user};`);
    }
  });
});

describe("the API in docker-compose.yml", () => {
  it("has every setting the API needs with NODE_ENV=production (its own config module reads them)", () => {
    // loadConfig refuses a missing CURSOR_SECRET in production, a partial set of Ory URLs,
    // and any malformed value.
    expect(() => apiConfig()).not.toThrow();
    const api = apiConfig();
    expect(api.NODE_ENV).toBe("production");
    expect(api.CURSOR_SECRET).toBeDefined();
    // Without these the API would start the emulator (which refuses production) or PGlite.
    expect(api.DATABASE_URL).toBeDefined();
    expect(api.ory).toBeDefined();
    // Reachable from outside its container, where the published port arrives.
    expect(api.HOST).toBe("0.0.0.0");
    expect(api.KRATOS_SESSION_COOKIE).toBe(kratos.session.cookie.name);
  });

  it("reaches Kratos and Keto on the ports their configs serve", () => {
    const { apiKey, ...urls } = apiConfig().ory ?? {};
    expect(apiKey).toBeUndefined();
    const reached = Object.entries(urls).map(([name, url]) => {
      const { hostname, port } = new URL(url);
      return [name, `${hostname}:${port}`];
    });
    expect(Object.fromEntries(reached)).toEqual({
      kratosPublic: `kratos:${kratos.serve.public.port}`,
      kratosAdmin: `kratos:${kratos.serve.admin.port}`,
      ketoRead: `keto:${keto.serve.read.port}`,
      ketoWrite: `keto:${keto.serve.write.port}`,
    });
  });
});

describe("one browser origin", () => {
  const appOrigin = new URL(kratos.selfservice.default_browser_return_url).origin;
  const kratosPublic = new URL(kratos.serve.public.base_url);

  /** Every URL in selfservice that a browser is sent to or comes from. */
  function selfserviceUrls(value: unknown, key = ""): string[] {
    if (typeof value === "string") return /url$/.test(key) ? [value] : [];
    if (Array.isArray(value)) return value.flatMap((item) => selfserviceUrls(item, key));
    if (typeof value === "object" && value !== null) {
      return Object.entries(value).flatMap(([name, item]) => selfserviceUrls(item, name));
    }
    return [];
  }

  it("the API allows exactly the app's origin, which is where compose publishes it", () => {
    const api = apiConfig();
    expect(appOrigin).toBe("http://127.0.0.1:4000");
    expect(api.CORS_ORIGINS).toEqual([appOrigin]);
    const [port] = published("api");
    expect(`http://${port.host}:${port.hostPort}`).toBe(appOrigin);
  });

  it("the browser reaches Kratos where the API's client is told to, on the published port", () => {
    const api = apiConfig();
    expect(new URL(api.KRATOS_BROWSER_URL ?? "").href).toBe(kratosPublic.href);
    expect(published("kratos")).toContainEqual({
      host: kratosPublic.hostname,
      hostPort: Number(kratosPublic.port),
      containerPort: kratos.serve.public.port,
    });
  });

  it("Kratos sends browsers only to the app, and every origin shares Kratos's cookie host", () => {
    const flows = selfserviceUrls(kratos.selfservice.flows);
    expect(flows.length).toBeGreaterThan(5);
    for (const url of [kratos.selfservice.default_browser_return_url, ...flows]) {
      expect(new URL(url).origin, url).toBe(appOrigin);
    }
    const cors = kratos.serve.public.cors;
    expect(cors).toMatchObject({ enabled: true, allow_credentials: true });
    expect(cors.allowed_origins).toContain(appOrigin);
    expect(kratos.selfservice.allowed_return_urls).toContain(appOrigin);
    // Host-only cookies (no domain) on 127.0.0.1 reach every port of 127.0.0.1 and nothing
    // else: localhost or another host in these lists would be an origin without a session.
    expect(kratos.cookies?.domain).toBeUndefined();
    expect(kratos.session.cookie.domain).toBeUndefined();
    for (const url of [...cors.allowed_origins, ...kratos.selfservice.allowed_return_urls]) {
      expect(new URL(url).hostname, url).toBe(kratosPublic.hostname);
    }
  });

  it("verification and recovery mail codes to Mailpit and land on the app's pages", () => {
    expect(kratos.selfservice.methods.code.enabled).toBe(true);
    const { verification, recovery } = kratos.selfservice.flows;
    expect(verification).toMatchObject({ enabled: true, use: "code" });
    expect(recovery).toMatchObject({ enabled: true, use: "code" });
    expect(verification.ui_url).toBe(`${appOrigin}/verification`);
    expect(recovery.ui_url).toBe(`${appOrigin}/recovery`);
    const smtp = new URL(kratos.courier.smtp.connection_uri);
    expect(services[smtp.hostname]?.image).toMatch(/^axllent\/mailpit:/);
  });

  it("publishes Mailpit's inbox and API where the emulator's mail catcher listens", () => {
    const mailpit = published("mailpit");
    expect(mailpit.map((port) => port.containerPort)).toEqual([8025, 8025]);
    expect(mailpit.map((port) => port.hostPort)).toEqual([MAIL_WEB_PORT, MAIL_API_PORT]);
  });
});

describe("the gateway profile", () => {
  it("runs Oathkeeper only when asked for, and nothing else waits for it", () => {
    expect(services.oathkeeper.profiles).toEqual(["gateway"]);
    for (const [name, service] of Object.entries(services)) {
      expect(Object.keys(service.depends_on ?? {}), name).not.toContain("oathkeeper");
    }
  });

  it("matches requests at the published address and forwards them to the API", () => {
    const api = apiConfig();
    const [port] = published("oathkeeper");
    const gateway = `http://${port.host}:${port.hostPort}`;
    for (const rule of accessRules) {
      expect(rule.match.url.startsWith(`${gateway}/`), rule.id).toBe(true);
      expect(rule.upstream.url, rule.id).toBe(`http://api:${api.PORT}`);
    }
  });

  it("checks sessions at the Kratos the API uses", () => {
    const api = apiConfig();
    const whoami = new URL("sessions/whoami", api.ory?.kratosPublic).href;
    const authenticators = oathkeeper.authenticators;
    expect(authenticators.cookie_session.config.check_session_url).toBe(whoami);
    expect(authenticators.bearer_token.config.check_session_url).toBe(whoami);
  });
});
