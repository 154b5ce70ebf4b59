import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
// Renamed: outside React, a `use` prefix would read as a hook to the linter.
import { useClientAssets as clientAssetsPlugin } from "@app/server/http/client-assets.ts";
import { useGraphiQLPage as graphiqlPagePlugin } from "@app/server/http/graphiql.ts";
import { createSchema, createYoga } from "graphql-yoga";

const repoRoot = path.resolve(import.meta.dirname, "../../..");

export interface ClientServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Builds the client as `npm run build -w client` does (into a temporary folder, so the
 * journeys always test the current source) and serves it the way the API does, through
 * `useClientAssets` and `useGraphiQLPage`. GraphQL requests are passed on to the API, so the browser sees one
 * origin, as it does with the Vite dev server. Port 5173 is on Kratos' CORS and return_to
 * allow-lists (ory/kratos/kratos.yml).
 */
export async function serveBuiltClient(options: {
  apiUrl: string;
  kratosPublicUrl: string;
}): Promise<ClientServer> {
  const distDir = await mkdtemp(path.join(tmpdir(), "client-dist-"));
  await buildClient(distDir);

  const assets = createYoga({
    // The assets plugin answers every GET; this schema only satisfies Yoga.
    schema: createSchema({ typeDefs: "type Query { unused: Boolean }" }),
    graphqlEndpoint: "/unused-graphql-endpoint",
    landingPage: false,
    logging: false,
    plugins: [
      graphiqlPagePlugin({ distDir }),
      clientAssetsPlugin({ distDir, kratosPublicUrl: options.kratosPublicUrl }),
    ],
  });
  const api = new URL(options.apiUrl);
  const server = createServer((req, res) => {
    const isGraphQL = req.url === "/graphql" || req.url?.startsWith("/graphql?");
    // A browser's GET of /graphql is GraphiQL, which this build's assets must answer.
    const isGraphiQL = req.method === "GET" && req.headers.accept?.includes("text/html");
    if (isGraphQL && !isGraphiQL) forward(req, res, api);
    else assets(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(5173, "127.0.0.1", resolve);
  });

  return {
    url: "http://127.0.0.1:5173",
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(distDir, { recursive: true, force: true });
    },
  };
}

function forward(req: IncomingMessage, res: ServerResponse, target: URL) {
  const upstream = request(
    {
      hostname: target.hostname,
      port: target.port,
      path: req.url,
      method: req.method,
      headers: req.headers,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on("error", () => {
    res.writeHead(502, { "Content-Type": "text/plain" });
    res.end("The API did not answer.");
  });
  req.pipe(upstream);
}

/**
 * A separate process, because Vite keeps an existing NODE_ENV: inside vitest ("test") it
 * would bundle React's development build and set `import.meta.env.DEV`.
 */
async function buildClient(outDir: string) {
  await promisify(execFile)(
    process.execPath,
    [
      path.join(repoRoot, "node_modules/vite/bin/vite.js"),
      "build",
      "--config",
      path.join(repoRoot, "client/vite.config.ts"),
      "--outDir",
      outDir,
      "--emptyOutDir",
      "--logLevel",
      "warn",
    ],
    { cwd: repoRoot, env: { ...process.env, NODE_ENV: "production" } },
  );
}
