import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type HerodotError, herodotBody, sendError } from "../http.ts";
import { urlFor } from "./context.ts";
import { isJsonRequest } from "./negotiation.ts";

interface StoredError {
  id: string;
  error: ReturnType<typeof herodotBody>["error"];
  created_at: string;
  updated_at: string;
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location });
  res.end();
}

/**
 * Self-service errors that a browser cannot be shown as JSON: Kratos stores them and sends
 * the browser to `selfservice.flows.error.ui_url?id=…`; the UI fetches them from
 * `GET /self-service/errors?id=…`.
 */
export class FlowErrors {
  private readonly errors = new Map<string, StoredError>();

  constructor(
    private readonly errorUiUrl: string | undefined,
    private readonly publicBaseUrl: string,
    private readonly now: () => Date,
  ) {}

  /** JSON clients get the error itself; browsers are redirected to the error UI. */
  forward(req: IncomingMessage, res: ServerResponse, error: HerodotError): void {
    if (isJsonRequest(req)) {
      sendError(res, error, req);
      return;
    }
    const id = randomUUID();
    const at = this.now().toISOString();
    this.errors.set(id, {
      id,
      error: herodotBody(error, req).error,
      created_at: at,
      updated_at: at,
    });
    const base = this.errorUiUrl ?? urlFor(this.publicBaseUrl, "/self-service/errors");
    const target = new URL(base);
    target.searchParams.set("id", id);
    redirect(res, target.toString());
  }

  get(id: string): StoredError | undefined {
    return this.errors.get(id);
  }
}
