import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Dependencies load graphql's CommonJS entry through Node; without this alias our
    // own files would get its ESM twin, and graphql refuses types "from another realm".
    alias: { graphql: require.resolve("graphql") },
  },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    // PGlite and the emulator start in a few seconds each; hooks may need it.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
