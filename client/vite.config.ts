import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { graphqlDocumentImports } from "./graphql-document-imports.ts";
import { precompress } from "./precompress.ts";

/** The API that `npm start` runs; the dev server forwards GraphQL to it, so the app is same-origin. */
const apiUrl = "http://127.0.0.1:4000";

/** Libraries only GraphiQL loads, each a chunk of its own (see `codeSplitting` below). */
const graphiqlLibraries = [
  { name: "graphql", test: /[\\/]node_modules[\\/]graphql[\\/]/ },
  { name: "motion", test: /[\\/]node_modules[\\/](?:framer-motion|motion-dom|motion-utils)[\\/]/ },
  {
    name: "markdown",
    test: /[\\/]node_modules[\\/](?:markdown-it|linkify-it|mdurl|uc\.micro|punycode\.js|entities)[\\/]/,
  },
];

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), graphqlDocumentImports(), precompress()],
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
    // dist/.vite/manifest.json: which chunks each entry and each page loads. The bundle
    // budget (client/bundle-budget.test.ts) reads it.
    manifest: true,
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
      output: {
        codeSplitting: {
          groups: [
            // React is shared by both pages; its own chunk stays cached across app releases.
            { name: "react", test: /[\\/]node_modules[\\/](?:react|react-dom|scheduler)[\\/]/ },
            // GraphiQL's page needs all of these at once; as separate files they download in
            // parallel, stay cached when another of them changes, and each stays below Vite's
            // 500 kB warning.
            ...graphiqlLibraries,
          ],
        },
      },
    },
  },
});
