import type { CodegenConfig } from "@graphql-codegen/cli";
import { addTypenameSelectionDocumentTransform } from "@graphql-codegen/client-preset";

/**
 * Typed operations for the React client: every `graphql(...)` call in client/src is
 * checked against the committed schema.graphql and gets result and variable types.
 * The output is committed; client/src/graphql/codegen.test.ts fails when it is stale.
 * It includes persisted-documents.json, the trusted documents the API serves by hash
 * (docs/decisions/0019-trusted-documents.md).
 */
const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: ["client/src/**/*.{ts,tsx}", "!client/src/gql/**"],
  ignoreNoDocuments: true,
  generates: {
    "client/src/gql/": {
      preset: "client",
      presetConfig: {
        // `useFragment` reads like a React hook but is a plain function; a clearer name
        // keeps the rules of hooks out of the way when unmasking inside loops.
        fragmentMasking: { unmaskFunctionName: "getFragmentData" },
        // The client sends only each operation's sha256; the API runs the stored text.
        persistedDocuments: { hashAlgorithm: "sha256" },
      },
      // urql's document cache adds __typename to what it sends and invalidates queries by
      // the typenames a mutation returns; the stored text must ask for them too.
      documentTransforms: [addTypenameSelectionDocumentTransform],
      config: {
        // String unions instead of TypeScript enums: the client gets no runtime enum objects.
        enumsAsTypes: true,
        // DateTime travels as an ISO 8601 string; pages format it for people.
        scalars: { DateTime: "string" },
        useTypeImports: true,
      },
    },
  },
};

export default config;
