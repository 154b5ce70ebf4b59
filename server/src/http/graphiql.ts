import path from "node:path";
import type { Plugin } from "graphql-yoga";
import {
  acceptedEncodings,
  contentTypes,
  graphiqlPage,
  isFile,
  pageSecurityPolicy,
  representation,
} from "./client-assets.ts";

/**
 * Answers a browser's `GET /graphql` (one that accepts HTML) with GraphiQL as the client build
 * makes it (`client/graphiql.html`): its scripts, styles and fonts come from this origin's
 * /assets/, so it works without internet access. Other GETs of /graphql (a query in the URL,
 * asking for JSON) go on to Yoga.
 */
export function useGraphiQLPage({ distDir }: { distDir: string }): Plugin {
  const page = path.join(path.resolve(distDir), graphiqlPage);
  // GraphiQL talks to /graphql on this origin only.
  const contentSecurityPolicy = pageSecurityPolicy([]);

  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== "GET" && request.method !== "HEAD") return;
      if (url.pathname !== "/graphql" || !request.headers.get("accept")?.includes("text/html")) {
        return;
      }
      const respond = (body: BodyInit | null, status: number, headers: Record<string, string>) =>
        endResponse(
          new fetchAPI.Response(request.method === "HEAD" ? null : body, {
            status,
            headers: {
              "Content-Type": contentTypes[".html"],
              "X-Content-Type-Options": "nosniff",
              ...headers,
            },
          }),
        );
      if (!(await isFile(page))) {
        respond(notBuiltPage, 503, { "Cache-Control": "no-store" });
        return;
      }
      const { body, headers } = await representation(
        page,
        acceptedEncodings(request.headers.get("accept-encoding")),
      );
      respond(body, 200, {
        // The page names the current hashed files, so browsers must revalidate it every time.
        "Cache-Control": "no-cache",
        "Content-Security-Policy": contentSecurityPolicy,
        "Referrer-Policy": "same-origin",
        ...headers,
      });
    },
  };
}

const notBuiltPage = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>GraphiQL not built</title>
<p>GraphiQL is part of the web client, which has not been built yet. Run <code>npm run build</code> and reload this page.</p>
</html>
`;
