import type { IncomingMessage, ServerResponse } from "node:http";
import { type Handler, HttpError, type RoutedHandler, requestUrl, sendError } from "./http.ts";

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

/**
 * Dispatches on `METHOD /path` (query strings ignored). Thrown HttpErrors become herodot error
 * bodies; anything else is a 500, so one bad request never takes the emulator down.
 */
export function router(routes: Record<string, Route>): RoutedHandler {
  const handler: Handler = async (req, res) => {
    const url = requestUrl(req);
    const route = routes[`${req.method} ${url.pathname}`];
    try {
      if (!route) throw new HttpError({ status: 404 });
      await route(req, res, url);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        sendError(res, error.error, req);
      } else {
        sendError(res, { status: 500, reason: (error as Error).message }, req);
      }
    }
  };
  return Object.assign(handler, { routeKeys: Object.keys(routes) });
}
