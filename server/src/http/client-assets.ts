import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Plugin } from "graphql-yoga";

export interface ClientAssetsOptions {
  /** The Vite build output (`client/dist`). */
  distDir: string;
  /** Kratos' public URL as browsers reach it; the client reads it from /client-config.json. */
  kratosPublicUrl: string;
}

export const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
};

/** The build's GraphiQL page, in the build folder. */
export const graphiqlPage = "graphiql.html";

/** Vite puts content hashes in these names, so a name never changes content. */
const immutable = "public, max-age=31536000, immutable";
/** index.html names the current hashed files, so browsers must revalidate it every time. */
const revalidate = "no-cache";

/** Paths other plugins or Yoga itself answer; everything else may be a client route. */
function belongsToServer(pathname: string) {
  return (
    pathname === "/graphql" || pathname.startsWith("/graphql/") || pathname.startsWith("/health/")
  );
}

/**
 * Serves the built React client from the API's origin: hashed files under /assets/,
 * index.html for every client route (so deep links and reloads work), and the
 * run-time configuration at /client-config.json. Files go out as the build's brotli or
 * gzip copies when the browser accepts them.
 */
export function useClientAssets({ distDir, kratosPublicUrl }: ClientAssetsOptions): Plugin {
  const root = path.resolve(distDir);
  const clientConfig = JSON.stringify({ kratosPublicUrl });
  // The app talks to its own origin and to Kratos; it loads nothing from anywhere else.
  const contentSecurityPolicy = pageSecurityPolicy([new URL(kratosPublicUrl).origin]);

  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== "GET" && request.method !== "HEAD") return;
      const { pathname } = url;
      if (belongsToServer(pathname)) return;

      const respond = (body: BodyInit | null, status: number, headers: Record<string, string>) =>
        endResponse(
          new fetchAPI.Response(request.method === "HEAD" ? null : body, {
            status,
            headers: { "X-Content-Type-Options": "nosniff", ...headers },
          }),
        );

      if (pathname === "/client-config.json") {
        respond(clientConfig, 200, {
          "Content-Type": contentTypes[".json"],
          "Cache-Control": revalidate,
        });
        return;
      }

      const file = resolveInside(root, pathname);
      if (file === undefined) {
        respond("Bad request", 400, { "Content-Type": contentTypes[".txt"] });
        return;
      }

      // The build makes no source maps; one left in the folder would publish the client's source.
      // Vite's manifest (.vite/) is for the bundle budget test, and names the source files.
      // GraphiQL's page is served at /graphql, and only when GRAPHIQL is on (./graphiql.ts).
      if (
        file.endsWith(".map") ||
        file.startsWith(path.join(root, ".vite") + path.sep) ||
        file === path.join(root, graphiqlPage)
      ) {
        respond("Not found", 404, { "Content-Type": contentTypes[".txt"] });
        return;
      }

      const indexFile = path.join(root, "index.html");
      const isAsset = pathname.startsWith("/assets/");
      const accepted = acceptedEncodings(request.headers.get("accept-encoding"));
      if (file !== indexFile && (await isFile(file))) {
        const { body, headers } = await representation(file, accepted);
        respond(body, 200, {
          "Content-Type":
            contentTypes[path.extname(file).toLowerCase()] ?? "application/octet-stream",
          "Cache-Control": isAsset ? immutable : revalidate,
          ...headers,
        });
        return;
      }
      // A missing file (a stale hash, a typo) must not turn into the app's HTML. Client
      // routes therefore never end in something that looks like a file extension.
      if (file !== indexFile && (isAsset || path.extname(pathname) !== "")) {
        respond("Not found", 404, { "Content-Type": contentTypes[".txt"] });
        return;
      }

      if (!(await isFile(indexFile))) {
        respond(notBuiltPage, 503, {
          "Content-Type": contentTypes[".html"],
          "Cache-Control": "no-store",
        });
        return;
      }
      const { body, headers } = await representation(indexFile, accepted);
      respond(body, 200, {
        "Content-Type": contentTypes[".html"],
        "Cache-Control": revalidate,
        "Content-Security-Policy": contentSecurityPolicy,
        "Referrer-Policy": "same-origin",
        ...headers,
      });
    },
  };
}

/**
 * The Content-Security-Policy of the build's HTML pages: code, styles and fonts from this origin
 * only (the build inlines small images and GraphiQL's fonts as data: URLs), requests to this origin
 * and `connectTo`.
 */
export function pageSecurityPolicy(connectTo: string[]) {
  return [
    "default-src 'self'",
    `connect-src ${["'self'", ...connectTo].join(" ")}`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * The build writes `name.br` and `name.gz` beside each file that compresses well
 * (client/precompress.ts). Brotli is smaller, so it is preferred; the file itself remains for
 * clients that accept neither.
 */
const precompressed = [
  { encoding: "br", suffix: ".br" },
  { encoding: "gzip", suffix: ".gz" },
] as const;

/** Content codings the client accepts (`q=0` refuses one), lower-cased. */
export function acceptedEncodings(header: string | null): Set<string> {
  const accepted = new Set<string>();
  for (const entry of (header ?? "").split(",")) {
    const [name, ...parameters] = entry.split(";").map((part) => part.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith("q="));
    if (name && (q === undefined || Number(q.slice(2)) > 0)) accepted.add(name);
  }
  return accepted;
}

/**
 * The file's bytes, compressed when the client accepts a coding the build made for it. Files that
 * have such variants answer with `Vary: Accept-Encoding`, so caches keep the variants apart.
 */
export async function representation(
  file: string,
  accepted: Set<string>,
): Promise<{ body: BodyInit; headers: Record<string, string> }> {
  let hasVariants = false;
  for (const { encoding, suffix } of precompressed) {
    if (!(await isFile(file + suffix))) continue;
    hasVariants = true;
    if (accepted.has(encoding)) {
      const body = await readFile(file + suffix);
      return { body, headers: { Vary: "Accept-Encoding", "Content-Encoding": encoding } };
    }
  }
  return { body: await readFile(file), headers: hasVariants ? { Vary: "Accept-Encoding" } : {} };
}

/** The file a URL path names, or undefined when it would leave `root` or cannot be decoded. */
function resolveInside(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const file = path.resolve(root, `.${decoded}`);
  return file === root || file.startsWith(`${root}${path.sep}`) ? file : undefined;
}

export async function isFile(file: string) {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

const notBuiltPage = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Client not built</title>
<p>The web client has not been built yet. Run <code>npm run build</code> and reload this page.</p>
<p>The GraphQL API is available at <a href="/graphql">/graphql</a>.</p>
</html>
`;
