import { Client, cacheExchange, fetchExchange } from "urql";

/**
 * A fresh client has an empty cache. The session layer makes a new one whenever the
 * signed-in identity changes, so nothing read as one person is ever shown to another.
 */
export function createApiClient(): Client {
  return new Client({
    // Same origin in every mode: the API serves the built app, and Vite proxies in dev.
    url: "/graphql",
    exchanges: [cacheExchange, fetchExchange],
    fetchOptions: { credentials: "same-origin" },
  });
}
