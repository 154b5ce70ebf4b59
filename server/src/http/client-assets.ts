import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Plugin } from "graphql-yoga";

export interface ClientAssetsOptions {
  /** The Vite build output (`client/dist`). */
  distDir: string;
  /** Kratos' public URL as browsers reach it; the client reads it from /client-config.json. */
  kratosPublicUrl: string;
}

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
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
 * run-time configuration at /client-config.json.
 */
export function useClientAssets({ distDir, kratosPublicUrl }: ClientAssetsOptions): Plugin {
  const root = path.resolve(distDir);
  const clientConfig = JSON.stringify({ kratosPublicUrl });
  const kratosOrigin = new URL(kratosPublicUrl).origin;
  // The app talks to its own origin and to Kratos; it loads nothing from anywhere else.
  const contentSecurityPolicy = [
    "default-src 'self'",
    `connect-src 'self' ${kratosOrigin}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");

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

      const indexFile = path.join(root, "index.html");
      const isAsset = pathname.startsWith("/assets/");
      if (file !== indexFile && (await isFile(file))) {
        respond(await readFile(file), 200, {
          "Content-Type":
            contentTypes[path.extname(file).toLowerCase()] ?? "application/octet-stream",
          "Cache-Control": isAsset ? immutable : revalidate,
        });
        return;
      }
      // A missing file (a stale hash, a typo) must not turn into the app's HTML. Client
      // routes therefore never end in something that looks like a file extension.
      if (file !== indexFile && (isAsset || path.extname(pathname) !== "")) {
        respond("Not found", 404, { "Content-Type": contentTypes[".txt"] });
        return;
      }

      const indexHtml = await readFile(indexFile).catch(() => undefined);
      if (!indexHtml) {
        respond(notBuiltPage, 503, {
          "Content-Type": contentTypes[".html"],
          "Cache-Control": "no-store",
        });
        return;
      }
      respond(indexHtml, 200, {
        "Content-Type": contentTypes[".html"],
        "Cache-Control": revalidate,
        "Content-Security-Policy": contentSecurityPolicy,
        "Referrer-Policy": "same-origin",
      });
    },
  };
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

async function isFile(file: string) {
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
