// Bundled into the built server, so the image needs no client sources: codegen's trusted
// documents, sha256 → operation text, exactly as committed.
import persistedDocuments from "@app/client/persisted-documents.json" with { type: "json" };
import { blockFieldSuggestionsPlugin } from "@escape.tech/graphql-armor-block-field-suggestions";
import { useDisableIntrospection } from "@graphql-yoga/plugin-disable-introspection";
import { usePersistedOperations } from "@graphql-yoga/plugin-persisted-operations";
import type { Plugin } from "graphql-yoga";

/** Whether this request's viewer may explore the schema and send operations of their own. */
export type IntegratorCheck = (request: Request) => Promise<boolean>;

const trusted = new Map<string, string>(Object.entries(persistedDocuments));

/**
 * Serves the client's operations by hash in every mode; an unknown hash gets the plugin's
 * PersistedQueryNotFound. Operation text is accepted when `allowArbitrary` says so: always
 * outside production, for integrators (App:graphiql#use) in production.
 */
export function useTrustedDocuments(allowArbitrary: true | IntegratorCheck): Plugin {
  return usePersistedOperations({
    getPersistedOperation: (hash) => trusted.get(hash) ?? null,
    allowArbitraryOperations: allowArbitrary,
  });
}

/**
 * Production hides the schema from everyone but integrators: introspection is refused and
 * validation errors lose their "Did you mean …" hints, which would otherwise spell out
 * field names one guess at a time.
 */
export function useSchemaExplorationFor(isIntegrator: IntegratorCheck): Plugin[] {
  const hideSuggestions = blockFieldSuggestionsPlugin();
  // Validation is synchronous; the answer is taken beforehand, once per request.
  const explorers = new WeakSet<Request>();
  return [
    useDisableIntrospection({ isDisabled: async (request) => !(await isIntegrator(request)) }),
    {
      async onRequestParse({ request }) {
        if (await isIntegrator(request)) explorers.add(request);
      },
      onValidate(payload) {
        if (explorers.has(payload.context.request)) return;
        return hideSuggestions.onValidate?.(payload);
      },
    },
  ];
}
