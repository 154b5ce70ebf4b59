import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    // PGlite and the emulator start in a few seconds each; hooks may need it.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
