import type { IncomingMessage, ServerResponse } from "node:http";
import { type Handler, HttpError, type RoutedHandler, requestUrl, sendError } from "../http.ts";
import type { KratosContext } from "./context.ts";

export type RouteHandler = (
  ctx: KratosContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  param: string,
) => void | Promise<void>;

interface Route {
  methods: string[];
  /** Segments; one `{param}` segment at most, passed to the handler. */
  segments: string[];
  handler: RouteHandler;
}

export class Router {
  private readonly routes: Route[] = [];

  on(methods: string | string[], path: string, handler: RouteHandler): this {
    this.routes.push({
      methods: Array.isArray(methods) ? methods : [methods],
      segments: path.split("/").filter(Boolean),
      handler,
    });
    return this;
  }

  private match(path: string): { route: Route; param: string }[] {
    const parts = path.split("/").filter(Boolean);
    const found: { route: Route; param: string }[] = [];
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      let param = "";
      const ok = route.segments.every((segment, i) => {
        if (segment.startsWith("{")) {
          param = decodeURIComponent(parts[i]);
          return true;
        }
        return segment === parts[i];
      });
      if (ok) found.push({ route, param });
    }
    return found;
  }

  /**
   * A node handler serving these routes. HttpErrors become herodot bodies; anything else
   * is a 500, as Kratos would answer an unexpected failure.
   */
  handler(
    ctx: KratosContext,
    before?: (req: IncomingMessage, res: ServerResponse) => boolean,
  ): RoutedHandler {
    const handler: Handler = async (req, res) => {
      try {
        if (before?.(req, res)) return;
        const url = requestUrl(req);
        const candidates = this.match(url.pathname);
        const hit = candidates.find((c) => c.route.methods.includes(req.method ?? "GET"));
        if (!hit) {
          const status = candidates.length > 0 ? 405 : 404;
          return sendError(
            res,
            status === 404 ? { status } : { status, message: "Method Not Allowed" },
            req,
          );
        }
        await hit.route.handler(ctx, req, res, url, hit.param);
      } catch (error) {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (error instanceof HttpError) return sendError(res, error.error, req);
        sendError(res, { status: 500, reason: String((error as Error)?.message ?? error) }, req);
      }
    };
    const routeKeys = this.routes.flatMap((route) =>
      route.methods.map((method) => `${method} /${route.segments.join("/")}`),
    );
    return Object.assign(handler, { routeKeys });
  }
}
