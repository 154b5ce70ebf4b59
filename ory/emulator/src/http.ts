import type { IncomingMessage, ServerResponse } from "node:http";

/** One emulated server's request handler; the runner adds faults and counters around it. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** A port's handler that can say which routes it serves (`METHOD /path`, `{param}` segments). */
export type RoutedHandler = Handler & { routeKeys: string[] };

const JSON_OK = "application/json; charset=utf-8";

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": JSON_OK, "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

/** herodot's default message per status, as Keto and Kratos send them. */
const defaultMessages: Record<number, string> = {
  400: "The request was malformed or contained invalid parameters",
  401: "The request could not be authorized",
  403: "The requested action was forbidden",
  404: "The requested resource could not be found",
  409: "The resource could not be created due to a conflict",
  500: "An internal server error occurred, please contact the system administrator",
};

const statusTexts: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  410: "Gone",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export interface HerodotError {
  status: number;
  id?: string;
  reason?: string;
  message?: string;
  details?: Record<string, unknown>;
}

/** The error envelope both Ory servers use: `{"error": {...}}` with a plain JSON content type. */
export function herodotBody(error: HerodotError, req?: IncomingMessage) {
  const requestId = req?.headers["x-request-id"];
  return {
    error: {
      ...(error.id ? { id: error.id } : {}),
      code: error.status,
      status: statusTexts[error.status] ?? "Error",
      ...(typeof requestId === "string" ? { request: requestId } : {}),
      ...(error.reason ? { reason: error.reason } : {}),
      ...(error.details ? { details: error.details } : {}),
      message: error.message ?? defaultMessages[error.status] ?? statusTexts[error.status] ?? "",
    },
  };
}

export function sendError(res: ServerResponse, error: HerodotError, req?: IncomingMessage): void {
  const text = JSON.stringify(herodotBody(error, req));
  res.writeHead(error.status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** Thrown by handlers for an error response; the runner turns it into a herodot body. */
export class HttpError extends Error {
  constructor(readonly error: HerodotError) {
    super(error.reason ?? error.message ?? `HTTP ${error.status}`);
  }
}

export async function readBody(req: IncomingMessage, limit = 1 << 20): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new HttpError({ status: 400, reason: "request body too large" });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a JSON body; malformed JSON is a 400 as in Ory's decoders. */
export async function readJson<T = unknown>(req: IncomingMessage): Promise<T> {
  const text = await readBody(req);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new HttpError({ status: 400, reason: "Unable to decode JSON payload." });
  }
}

export function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? "/", "http://emulator.invalid");
}
