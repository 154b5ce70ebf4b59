import { persistedExchange } from "@urql/exchange-persisted";
import { Client, cacheExchange, fetchExchange } from "urql";
import { revalidateOnDenialExchange } from "./revalidate-on-denial";

/**
 * Every operation travels as the sha256 codegen stored in client/src/gql/persisted-documents.json,
 * never as text: the API serves only those documents to most viewers in production
 * (docs/decisions/0019-trusted-documents.md). Mutations too, or production would refuse them.
 */
export function trustedDocumentsExchange() {
  return persistedExchange({
    enforcePersistedQueries: true,
    enableForMutation: true,
    // POST keeps one request shape for queries and mutations: JSON, which the CSRF guard accepts.
    preferGetForPersistedQueries: false,
    generateHash: async (_query, document) => {
      const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
      if (!hash)
        throw new Error("Operation is not from codegen's graphql(): it has no stored hash");
      return hash;
    },
  });
}

/**
 * A fresh client has an empty cache. The session layer makes a new one whenever the
 * signed-in identity changes, so nothing read as one person is ever shown to another.
 *
 * What a person may see changes behind their back (someone removes them from a project),
 * so cached answers are only a first draft: every page and list asks the API again when
 * it is shown (cache-and-network), and a mutation refused as forbidden or not found drops
 * the cached pages it may concern (docs/decisions/0027-fresh-permissions-and-forms.md).
 */
export function createApiClient(): Client {
  return new Client({
    // Same origin in every mode: the API serves the built app, and Vite proxies in dev.
    url: "/graphql",
    requestPolicy: "cache-and-network",
    exchanges: [
      cacheExchange,
      revalidateOnDenialExchange(),
      trustedDocumentsExchange(),
      fetchExchange,
    ],
    fetchOptions: { credentials: "same-origin" },
  });
}
