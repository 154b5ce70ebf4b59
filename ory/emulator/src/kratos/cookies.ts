import type { IncomingMessage, ServerResponse } from "node:http";
import type { SameSite } from "./config.ts";

export function readCookies(req: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || cookies.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}

export interface CookieAttributes {
  path: string;
  domain?: string;
  secure: boolean;
  sameSite: SameSite;
  httpOnly: boolean;
  /** Seconds; omitted for a browser-session cookie, 0 or less deletes the cookie. */
  maxAge?: number;
}

export function serializeCookie(name: string, value: string, attrs: CookieAttributes): string {
  const parts = [`${name}=${value}`, `Path=${attrs.path}`];
  if (attrs.domain) parts.push(`Domain=${attrs.domain}`);
  if (attrs.maxAge !== undefined) {
    const seconds = Math.max(0, Math.floor(attrs.maxAge));
    const expires = attrs.maxAge > 0 ? new Date(Date.now() + seconds * 1000) : new Date(0);
    parts.push(`Expires=${expires.toUTCString()}`);
    // Go's net/http writes Max-Age=0 as a negative max age to delete the cookie.
    parts.push(attrs.maxAge > 0 ? `Max-Age=${seconds}` : "Max-Age=0");
  }
  if (attrs.httpOnly) parts.push("HttpOnly");
  if (attrs.secure) parts.push("Secure");
  parts.push(`SameSite=${attrs.sameSite}`);
  return parts.join("; ");
}

/** Adds a Set-Cookie header without dropping the ones set earlier on the same response. */
export function appendSetCookie(res: ServerResponse, cookie: string): void {
  const existing = res.getHeader("Set-Cookie");
  const list = Array.isArray(existing) ? existing : existing ? [String(existing)] : [];
  res.setHeader("Set-Cookie", [...list, cookie]);
}
