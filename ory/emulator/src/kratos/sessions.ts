import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HerodotError } from "../http.ts";
import type { KratosConfig } from "./config.ts";
import { appendSetCookie, readCookies, serializeCookie } from "./cookies.ts";
import { identityJson } from "./identities.ts";
import type { IdentityRecord, KratosStore, SessionDevice, SessionRecord } from "./store.ts";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomAlphanumeric(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = "";
  // 248 is the largest multiple of 62 below 256: rejecting above it keeps the draw uniform.
  for (const byte of bytes) {
    if (byte < 248) out += ALPHANUMERIC[byte % 62];
    if (out.length === length) return out;
  }
  return out + randomAlphanumeric(length - out.length);
}

export interface SessionJsonOptions {
  includeIdentity?: boolean;
}

/**
 * The device a session was issued to, as Kratos records it: the client IP from proxy headers
 * or else the peer address with its port (Go's RemoteAddr), every User-Agent header, and
 * the city and country Cloudflare adds.
 */
function deviceOf(req: IncomingMessage): SessionDevice {
  const header = (name: string) => {
    const value = req.headers[name];
    return typeof value === "string" ? value : "";
  };
  const forwarded = header("x-forwarded-for")
    .split(",")
    .map((ip) => ip.trim())
    .reverse()
    .find((ip) => ip !== "" && !isPrivateIp(ip));
  const { remoteAddress = "", remotePort } = req.socket;
  const peer = remoteAddress.includes(":") ? `[${remoteAddress}]` : remoteAddress;
  const ip =
    header("true-client-ip") ||
    header("cf-connecting-ip") ||
    header("x-real-ip") ||
    (header("x-forwarded-for") ? (forwarded ?? "") : `${peer}:${remotePort ?? ""}`);
  const userAgent = req.headersDistinct["user-agent"]?.join(" ") ?? "";
  const location = [header("cf-ipcity"), header("cf-ipcountry")].filter(Boolean).join(", ");
  return { id: randomUUID(), ip_address: ip, user_agent: userAgent, location };
}

/** Go's net.IP.IsPrivate: 10/8, 172.16/12, 192.168/16 and fc00::/7. */
function isPrivateIp(ip: string): boolean {
  if (/^10\./.test(ip) || /^192\.168\./.test(ip)) return true;
  const b = /^172\.(\d+)\./.exec(ip);
  if (b && Number(b[1]) >= 16 && Number(b[1]) <= 31) return true;
  return /^f[cd][0-9a-f]{2}:/i.test(ip);
}

/**
 * Kratos starts no session for an inactive identity, whichever flow asks (login, recovery):
 * the 401 its session manager answers, naming the identity.
 */
export function identityDisabled(identityId: string): HerodotError {
  return {
    status: 401,
    message: "identity is disabled",
    reason: "This account was disabled.",
    details: { identity_id: identityId },
  };
}

/** Issuing, finding and rendering sessions, and the session cookie that carries them. */
export class Sessions {
  constructor(
    private readonly config: KratosConfig,
    private readonly store: KratosStore,
    private readonly publicBaseUrl: string,
    private readonly now: () => Date,
  ) {}

  issue(identity: IdentityRecord, req: IncomingMessage): SessionRecord {
    const now = this.now();
    const at = now.toISOString();
    const session: SessionRecord = {
      id: randomUUID(),
      token: `ory_st_${randomAlphanumeric(32)}`,
      logoutToken: `ory_lo_${randomAlphanumeric(32)}`,
      identityId: identity.id,
      active: true,
      issuedAt: at,
      authenticatedAt: at,
      expiresAt: new Date(now.getTime() + this.config.session.lifespanMs).toISOString(),
      methods: [{ method: "password", aal: "aal1", completed_at: at }],
      devices: [deviceOf(req)],
    };
    this.store.sessions.set(session.id, session);
    this.store.save();
    return session;
  }

  /** Active: not revoked, not expired, and its identity still exists and is active. */
  isActive(session: SessionRecord): boolean {
    const identity = this.store.identities.get(session.identityId);
    return (
      session.active &&
      new Date(session.expiresAt).getTime() > this.now().getTime() &&
      identity?.state === "active"
    );
  }

  /**
   * The request's session, looked up like Kratos: the first credential present wins
   * (X-Session-Token, then the session cookie, then `Authorization: Bearer`); an invalid
   * credential does not fall through to the next one.
   */
  fromRequest(req: IncomingMessage): SessionRecord | undefined {
    const token = this.credentialToken(req);
    if (!token) return undefined;
    const session = this.store.sessionByToken(token);
    return session && this.isActive(session) ? session : undefined;
  }

  private credentialToken(req: IncomingMessage): string | undefined {
    const header = req.headers["x-session-token"];
    if (typeof header === "string" && header !== "") return header;
    const cookie = readCookies(req).get(this.config.session.cookie.name);
    if (cookie) return this.unsealCookie(cookie) ?? "";
    const authorization = req.headers.authorization ?? "";
    const bearer = /^bearer\s+(.+)$/i.exec(authorization);
    return bearer ? bearer[1].trim() : undefined;
  }

  private secrets(): string[] {
    return this.config.cookieSecrets.length > 0
      ? this.config.cookieSecrets
      : [this.store.cookieSecret];
  }

  private sign(payload: string, secret: string): string {
    return createHmac("sha256", secret).update(payload).digest("base64url");
  }

  /** The cookie wraps the session token with an HMAC, so it is not the token itself. */
  private sealCookie(token: string): string {
    const payload = Buffer.from(token).toString("base64url");
    return `${payload}.${this.sign(payload, this.secrets()[0])}`;
  }

  private unsealCookie(value: string): string | undefined {
    const [payload, mac] = value.split(".");
    if (!payload || !mac) return undefined;
    const sent = Buffer.from(mac);
    for (const secret of this.secrets()) {
      const expected = Buffer.from(this.sign(payload, secret));
      if (expected.length === sent.length && timingSafeEqual(expected, sent)) {
        return Buffer.from(payload, "base64url").toString("utf8");
      }
    }
    return undefined;
  }

  setCookie(res: ServerResponse, session: SessionRecord): void {
    const { name, path, domain, secure, sameSite, persistent } = this.config.session.cookie;
    const remainingSeconds = (new Date(session.expiresAt).getTime() - this.now().getTime()) / 1000;
    appendSetCookie(
      res,
      serializeCookie(name, this.sealCookie(session.token), {
        path,
        domain,
        secure,
        sameSite,
        httpOnly: true,
        maxAge: persistent ? remainingSeconds : undefined,
      }),
    );
  }

  clearCookie(res: ServerResponse): void {
    const { name, path, domain, secure, sameSite } = this.config.session.cookie;
    appendSetCookie(
      res,
      serializeCookie(name, "", { path, domain, secure, sameSite, httpOnly: true, maxAge: 0 }),
    );
  }

  /**
   * Re-authentication of the session's own identity (a refresh login): Kratos appends the
   * method to the session's list and restarts its clock; issued_at and devices stay.
   */
  reauthenticate(session: SessionRecord): void {
    const now = this.now();
    const at = now.toISOString();
    session.authenticatedAt = at;
    session.expiresAt = new Date(now.getTime() + this.config.session.lifespanMs).toISOString();
    session.methods = [...session.methods, { method: "password", aal: "aal1", completed_at: at }];
    this.store.save();
  }

  /**
   * PATCH /admin/sessions/{id}/extend: a new lifespan from now, unless the session still has
   * more than `session.earliest_possible_extend` left (which defaults to the whole lifespan,
   * so by default every session can be extended).
   */
  extend(session: SessionRecord): void {
    const now = this.now().getTime();
    const earliestMs =
      this.config.session.earliestPossibleExtendMs ?? this.config.session.lifespanMs;
    if (new Date(session.expiresAt).getTime() - earliestMs >= now) return;
    session.expiresAt = new Date(now + this.config.session.lifespanMs).toISOString();
    this.store.save();
  }

  revoke(session: SessionRecord): void {
    session.active = false;
    this.store.save();
  }

  /**
   * A session as Kratos serialises it. The embedded identity never carries credentials or
   * metadata_admin, not even on the admin API (Kratos' identity marshaller drops them).
   */
  json(session: SessionRecord, options: SessionJsonOptions = {}) {
    const identity = this.store.identities.get(session.identityId);
    return {
      id: session.id,
      active: this.isActive(session),
      expires_at: session.expiresAt,
      authenticated_at: session.authenticatedAt,
      authenticator_assurance_level: "aal1",
      authentication_methods: session.methods,
      issued_at: session.issuedAt,
      ...(options.includeIdentity !== false && identity
        ? { identity: identityJson(identity, this.publicBaseUrl) }
        : {}),
      devices: session.devices,
    };
  }
}
