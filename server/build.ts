import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build, type Plugin } from "esbuild";

// `npm run build` (after the client): the server as one ES module, dist/server/main.js, for
// plain `node`. Our sources, the generated Prisma client included, are bundled; packages stay
// imports resolved from node_modules at run time. Why a bundle: docs/decisions/0016.

const root = path.resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: { outfile: { type: "string", default: path.join(root, "dist/server/main.js") } },
});

/**
 * The built server runs against real Ory only, so stack.ts's embedded half (the Ory emulator,
 * which reads ory/ and needs the emulator's own packages, and the demo data) is left out.
 * Loading it in the build is the refusal, made before anything starts.
 */
const withoutEmbeddedStack: Plugin = {
  name: "without-embedded-stack",
  setup(builder) {
    builder.onResolve({ filter: /^\.\/embedded\.ts$/ }, (args) => ({
      path: path.relative(root, path.join(args.resolveDir, "embedded.ts")),
      namespace: "embedded-stack-left-out",
    }));
    builder.onLoad({ filter: /.*/, namespace: "embedded-stack-left-out" }, (args) => ({
      resolveDir: path.join(root, path.dirname(args.path)),
      loader: "ts",
      contents: `
        import { ConfigError } from "./config.ts";
        throw new ConfigError(
          "The built server runs against real Ory only: set KRATOS_PUBLIC_URL, KRATOS_ADMIN_URL, KETO_READ_URL and KETO_WRITE_URL (\`npm start\` runs the Ory emulator for development)",
        );
      `,
    }));
  },
};

/**
 * Our own workspaces (`@app/client`'s trusted documents) are sources, not packages: bundled,
 * since the image installs the server workspace's dependencies only.
 */
const withWorkspaces: Plugin = {
  name: "with-workspaces",
  setup(builder) {
    builder.onResolve({ filter: /^@app\// }, (args) => ({
      path: fileURLToPath(import.meta.resolve(args.path)),
    }));
  },
};

const result = await build({
  entryPoints: [path.join(root, "server/src/main.ts")],
  outfile: values.outfile,
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node20.19",
  // Not minified, and without a source map: stack traces in the logs stay readable as they are.
  plugins: [withoutEmbeddedStack, withWorkspaces],
  logLevel: "warning",
  metafile: true,
});

const bytes = Object.values(result.metafile.outputs).find((output) => output.entryPoint)?.bytes;
console.log(
  `server: ${path.relative(root, values.outfile)} (${Math.round((bytes ?? 0) / 1024)} kB)`,
);
