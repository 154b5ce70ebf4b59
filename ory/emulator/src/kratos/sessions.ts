import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { KratosConfig } from "./config.ts";
import { appendSetCookie, readCookies, serializeCookie } from "./cookies.ts";
import { identityJson } from "./identities.ts";
import type { IdentityRecord, KratosStore, SessionRecord } from "./store.ts";

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
  /** Admin views include metadata_admin and credentials on the embedded identity. */
  admin?: boolean;
  includeIdentity?: boolean;
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
      devices: [
        {
          id: randomUUID(),
          ip_address: req.socket.remoteAddress ?? "",
          user_agent: req.headers["user-agent"] ?? "",
          location: "",
        },
      ],
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

  revoke(session: SessionRecord): void {
    session.active = false;
    this.store.save();
  }

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
        ? { identity: identityJson(identity, this.publicBaseUrl, { admin: options.admin }) }
        : {}),
      devices: session.devices,
    };
  }
}
