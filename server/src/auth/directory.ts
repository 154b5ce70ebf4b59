import { type Identity, IdentityApi } from "@ory/client-fetch";
import { authzUnavailable } from "../errors.ts";
import { httpStatusOf, oryConfiguration } from "./ory.ts";

export interface DirectoryEntry {
  id: string;
  email: string;
  name: string;
}

/** Finds people through Kratos's admin API, for sharing, group membership and access lists. */
export interface IdentityDirectory {
  findByEmail(email: string): Promise<DirectoryEntry | null>;
  /** The person with this identity id; null when Kratos has none (deleted since). */
  findById(id: string): Promise<DirectoryEntry | null>;
}

function entryOf(identity: Identity, fallbackEmail = ""): DirectoryEntry {
  const traits = identity.traits as { email?: string; name?: string };
  const email = traits.email ?? fallbackEmail;
  return { id: identity.id, email, name: traits.name || email };
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
      return identity ? entryOf(identity, email) : null;
    },
    async findById(id) {
      try {
        return entryOf(await identities.getIdentity({ id }));
      } catch (error) {
        if (httpStatusOf(error) === 404) return null;
        throw authzUnavailable(error);
      }
    },
  };
}
