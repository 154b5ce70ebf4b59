import { FrontendApi, type Session as SessionModel } from "@ory/client-fetch";
import { authzUnavailable } from "../errors.ts";
import type { Logger } from "../log.ts";
import { describeOryFailure, httpStatusOf, oryConfiguration } from "./ory.ts";

/** A model as JSON carries it: timestamps are RFC 3339 text where the SDK would revive Dates. */
type AsJson<T> = 0 extends 1 & T // `any` (identity traits, metadata) stays as it is
  ? T
  : T extends Date
    ? string
    : T extends object
      ? { [K in keyof T]: AsJson<T[K]> }
      : T;

/**
 * A Kratos session as Kratos sends it. The API hands parts of it on unchanged (the viewer's
 * `sessionExpiresAt` is its `expires_at` text), so it is not revived into the SDK's model.
 */
export type Session = AsJson<SessionModel>;

/** The credential a request carries, in the order Kratos itself looks for one. */
export interface Credential {
  sessionToken?: string;
  cookie?: string;
}

export function credentialOf(headers: Headers, sessionCookie: string): Credential | null {
  const token = headers.get("x-session-token");
  if (token) return { sessionToken: token };
  const cookie = headers.get("cookie");
  // Only a request that carries the session cookie is worth a Kratos call.
  if (cookie?.split(";").some((pair) => pair.trim().startsWith(`${sessionCookie}=`))) {
    return { cookie };
  }
  const bearer = headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return { sessionToken: bearer };
  return null;
}

export type SessionLookup = (credential: Credential) => Promise<Session | null>;

/**
 * Asks Kratos who the credential belongs to. Unknown, expired and inactive
 * sessions are anonymous; anything else (Kratos down, 5xx, 429) fails closed.
 */
export function kratosSessionLookup(
  kratosPublicUrl: string,
  timeoutMs: number,
  log?: Pick<Logger, "warn">,
): SessionLookup {
  const frontend = new FrontendApi(oryConfiguration(kratosPublicUrl, timeoutMs));
  return async ({ sessionToken, cookie }) => {
    try {
      const answer = await frontend.toSessionRaw({ xSessionToken: sessionToken, cookie });
      const session = (await answer.raw.json()) as Session;
      return session.active === false ? null : session;
    } catch (error) {
      const status = httpStatusOf(error);
      if (status === 401) return null;
      // Said once here, with the cause, since the client only hears AUTHZ_UNAVAILABLE.
      log?.warn({ status, error: describeOryFailure(error) }, "denied: Kratos");
      throw authzUnavailable(error);
    }
  };
}
