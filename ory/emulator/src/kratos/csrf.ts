import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HerodotError } from "../http.ts";
import type { KratosConfig } from "./config.ts";
import { appendSetCookie, readCookies, serializeCookie } from "./cookies.ts";

const TOKEN_BYTES = 32;
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/** Kratos names the anti-CSRF cookie after the hex SHA-256 of its public base URL string. */
export function csrfCookieName(publicBaseUrl: string): string {
  return `csrf_token_${createHash("sha256").update(publicBaseUrl).digest("hex")}`;
}

/**
 * Masks the cookie's raw token with a fresh one-time pad (as nosurf does), so the value in
 * the `csrf_token` node differs on every flow while still proving knowledge of the cookie.
 */
export function maskToken(raw: Buffer): string {
  const pad = randomBytes(TOKEN_BYTES);
  const masked = Buffer.alloc(TOKEN_BYTES);
  for (let i = 0; i < TOKEN_BYTES; i++) masked[i] = raw[i] ^ pad[i];
  return Buffer.concat([pad, masked]).toString("base64");
}

function unmaskToken(sent: string): Buffer | undefined {
  const bytes = Buffer.from(sent, "base64");
  if (bytes.length === TOKEN_BYTES) return bytes;
  if (bytes.length !== TOKEN_BYTES * 2) return undefined;
  const raw = Buffer.alloc(TOKEN_BYTES);
  for (let i = 0; i < TOKEN_BYTES; i++) raw[i] = bytes[i] ^ bytes[i + TOKEN_BYTES];
  return raw;
}

export function tokensMatch(raw: Buffer | undefined, sent: string | undefined): boolean {
  if (!raw || !sent) return false;
  const unmasked = unmaskToken(sent);
  return unmasked !== undefined && timingSafeEqual(raw, unmasked);
}

/** The anti-CSRF cookie of one emulated Kratos: reading, issuing and explaining rejections. */
export class Csrf {
  readonly cookieName: string;

  constructor(
    private readonly config: KratosConfig,
    publicBaseUrl: string,
  ) {
    this.cookieName = csrfCookieName(publicBaseUrl);
  }

  /** The raw token from the request's CSRF cookie, if it carries a well-formed one. */
  fromRequest(req: IncomingMessage): Buffer | undefined {
    const value = readCookies(req).get(this.cookieName);
    if (!value) return undefined;
    const raw = Buffer.from(value, "base64");
    return raw.length === TOKEN_BYTES ? raw : undefined;
  }

  /** Reuses the request's token or issues a new cookie, returning the raw token. */
  ensure(req: IncomingMessage, res: ServerResponse): Buffer {
    return this.fromRequest(req) ?? this.regenerate(res);
  }

  /** A new token and cookie; Kratos does this when a session is issued or revoked. */
  regenerate(res: ServerResponse): Buffer {
    const raw = randomBytes(TOKEN_BYTES);
    const { path, domain, secure, sameSite } = this.config.csrfCookie;
    appendSetCookie(
      res,
      serializeCookie(this.cookieName, raw.toString("base64"), {
        path,
        domain,
        secure,
        sameSite,
        httpOnly: true,
        maxAge: ONE_YEAR_SECONDS,
      }),
    );
    return raw;
  }

  /** The 403 Kratos sends on a CSRF mismatch, with its hint for AJAX or server-side callers. */
  violation(req: IncomingMessage, sentToken: string | undefined): HerodotError {
    const mode = req.headers["sec-fetch-mode"];
    const ajax = mode === "cors" || mode === "same-origin";
    const details: Record<string, unknown> = { docs: "https://www.ory.sh/kratos/docs/debug/csrf" };
    const hint = ajax
      ? "We detected an AJAX call, please ensure that CORS is enabled and configured correctly, and that your AJAX code sends cookies and has credentials enabled. For further debugging, check your Browser's Network Tab to see what cookies are included or excluded."
      : "We detected a regular browser or server-side call. To debug browser calls check your Browser's Network Tab to see what cookies are included or excluded. If you are calling from a server ensure that the appropriate cookies are being forwarded and that the SDK method is called correctly.";
    const jsonBody = (req.headers["content-type"] ?? "").startsWith("application/json");
    if (!req.headers.cookie) {
      Object.assign(details, {
        hint,
        reject_reason: "The HTTP Cookie Header is empty or not set.",
      });
    } else if (!readCookies(req).has(this.cookieName)) {
      Object.assign(details, {
        hint,
        reject_reason: "The HTTP Cookie Header was set but did not include the anti-CSRF cookie.",
      });
    } else if (!jsonBody && !sentToken) {
      details.hint =
        "The anti-CSRF cookie was found but the CSRF token was not included in the HTTP request body (csrf_token) nor in the HTTP Header (X-CSRF-Token).";
    } else {
      Object.assign(details, {
        hint,
        reject_reason:
          "The HTTP Cookie Header was set and a CSRF token was sent but they do not match. We recommend deleting all cookies for this domain and retrying the flow.",
      });
    }
    return {
      status: 403,
      id: "security_csrf_violation",
      message: "the request was rejected to protect you from Cross-Site-Request-Forgery",
      reason:
        "Please retry the flow and optionally clear your cookies. The request was rejected to protect you from Cross-Site-Request-Forgery (CSRF) which could cause account takeover, leaking personal information, and other serious security issues.",
      details,
    };
  }
}
