import { FrontendApi, type Session } from "@ory/client";
import { authzUnavailable } from "../errors.ts";
import type { Logger } from "../log.ts";
import { httpStatusOf, oryConfiguration } from "./ory.ts";

export type { Session };

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
      const { data } = await frontend.toSession({ xSessionToken: sessionToken, cookie });
      return data.active === false ? null : data;
    } catch (error) {
      const status = httpStatusOf(error);
      if (status === 401) return null;
      // Said once here, with the cause, since the client only hears AUTHZ_UNAVAILABLE.
      log?.warn({ status, error: (error as Error).message }, "denied: Kratos");
      throw authzUnavailable(error);
    }
  };
}
