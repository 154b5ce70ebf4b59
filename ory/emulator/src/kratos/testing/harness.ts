import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { Handler } from "../../http.ts";
import { MailCatcher } from "../../mail/catcher.ts";
import { kratosConfigFromObject } from "../config.ts";
import { createKratos } from "../index.ts";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../..");
export const kratosConfigDir = resolve(repoRoot, "ory/kratos");

// biome-ignore lint/suspicious/noExplicitAny: tests edit arbitrary kratos.yml keys.
type KratosYaml = Record<string, any>;

/** A clock the test moves by hand, so expiry is tested without waiting. */
export class TestClock {
  private offsetMs = 0;
  now = () => new Date(Date.now() + this.offsetMs);
  advance(ms: number) {
    this.offsetMs += ms;
  }
}

export interface RunningKratos {
  publicUrl: string;
  adminUrl: string;
  /** The mail catcher the courier delivers to, serving Mailpit's API. */
  mailApiUrl: string;
  clock: TestClock;
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolveUrl) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolveUrl(`http://127.0.0.1:${port}/`);
    });
  });
}

/**
 * Starts the Kratos emulator on ephemeral ports with the project's kratos.yml, a cheap
 * bcrypt cost, and optional edits to the parsed YAML.
 */
export async function startKratos(
  options: { edit?: (raw: KratosYaml) => void; dataDir?: string } = {},
): Promise<RunningKratos> {
  const raw = parse(readFileSync(resolve(kratosConfigDir, "kratos.yml"), "utf8"));
  raw.hashers.bcrypt.cost = 4;
  options.edit?.(raw);
  const config = kratosConfigFromObject(raw, kratosConfigDir);
  const clock = new TestClock();
  const handlers: { public?: Handler; admin?: Handler } = {};
  const catcher = new MailCatcher();
  const publicServer = createServer((req, res) => void handlers.public?.(req, res));
  const adminServer = createServer((req, res) => void handlers.admin?.(req, res));
  const mailServer = createServer((req, res) => void catcher.api(req, res));
  const [publicUrl, adminUrl, mailApiUrl] = await Promise.all(
    [publicServer, adminServer, mailServer].map(listen),
  );
  const kratos = await createKratos(config, {
    publicBaseUrl: publicUrl,
    adminBaseUrl: adminUrl,
    dataDir: options.dataDir,
    now: clock.now,
    mail: (mail) => catcher.deliver(mail),
  });
  handlers.public = kratos.public;
  handlers.admin = kratos.admin;
  return {
    publicUrl,
    adminUrl,
    mailApiUrl,
    clock,
    async close() {
      await kratos.close();
      await Promise.all(
        [publicServer, adminServer, mailServer].map(
          (server) => new Promise((done) => server.close(() => done(undefined))),
        ),
      );
    },
  };
}

/** A browser's cookie jar for one host: stores Set-Cookie, honours deletion, sends Cookie. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  store(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const deleted = attributes.some((a) => /^max-age=0$/i.test(a)) || value === "";
      if (deleted) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/**
 * fetch as a browser on another origin does it: cookies from the jar, no automatic
 * redirects (tests look at the 303s themselves).
 */
export async function browserFetch(
  jar: CookieJar,
  url: string,
  init: RequestInit & { headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  const cookie = jar.header();
  if (cookie) headers.Cookie = cookie;
  const response = await fetch(url, { ...init, headers, redirect: "manual" });
  jar.store(response);
  return response;
}
