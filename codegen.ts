import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * Typed operations for the React client: every `graphql(...)` call in client/src is
 * checked against the committed schema.graphql and gets result and variable types.
 * The output is committed; client/src/gql/codegen.test.ts fails when it is stale.
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
      },
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
