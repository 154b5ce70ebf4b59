import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { precompress } from "./precompress.ts";

/** The API that `npm start` runs; the dev server forwards GraphQL to it, so the app is same-origin. */
const apiUrl = "http://127.0.0.1:4000";

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), precompress()],
  server: {
    host: "127.0.0.1",
    port: 5173,
    strictPort: true,
    proxy: { "/graphql": apiUrl },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Hashed file names under /assets/ are what the API serves with immutable caching.
    assetsDir: "assets",
    // No source maps: the build is what production serves, and maps would publish the source.
    // The dev server (npm run dev:client) has its own.
    sourcemap: false,
    // GraphiQL is a page of its own, served by the API at GET /graphql: the app's pages never
    // load its editor, and it loads nothing from outside this build.
    rolldownOptions: {
      input: {
        index: path.join(import.meta.dirname, "index.html"),
        graphiql: path.join(import.meta.dirname, "graphiql.html"),
      },
    },
  },
});
