import { type Identity, IdentityApi } from "@ory/client-fetch";
import { authzUnavailable } from "../errors.ts";
import { oryConfiguration } from "./ory.ts";

export interface DirectoryEntry {
  id: string;
  email: string;
  name: string;
}

/** Finds people by email through Kratos's admin API, for sharing and group membership. */
export interface IdentityDirectory {
  findByEmail(email: string): Promise<DirectoryEntry | null>;
}

export function kratosDirectory(
  kratosAdminUrl: string,
  timeoutMs: number,
  apiKey?: string,
): IdentityDirectory {
  const identities = new IdentityApi(oryConfiguration(kratosAdminUrl, timeoutMs, apiKey));
  return {
    async findByEmail(email) {
      let found: Identity[];
      try {
        found = await identities.listIdentities({ credentialsIdentifier: email });
      } catch (error) {
        throw authzUnavailable(error);
      }
      const identity = found[0];
      if (!identity) return null;
      const traits = identity.traits as { email?: string; name?: string };
      return { id: identity.id, email: traits.email ?? email, name: traits.name || email };
    },
  };
}
