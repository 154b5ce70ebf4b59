import { Configuration, type FetchAPI, FetchError, ResponseError } from "@ory/client-fetch";
import { Agent, type Dispatcher, request } from "undici";

/**
 * Connections each Ory origin may use at once. Beyond this, calls wait in the pool for a free
 * connection instead of opening ever more of them under a burst (their wait counts towards the
 * call's timeout, so a backlog still fails closed).
 */
const CONNECTIONS_PER_ORIGIN = 64;

/**
 * One keep-alive pool per process, shared by every Ory client: reused connections skip the TCP
 * (and TLS) handshake per call. Idle connections close after 4 s, before a Node server's 5 s
 * keep-alive timeout would close them under a request just being sent. A server that announces
 * its timeout (`Keep-Alive: timeout=5`) gets it less 1 s, and never more than 4 s.
 */
const pool = new Agent({
  connections: CONNECTIONS_PER_ORIGIN,
  keepAliveTimeout: 4_000,
  keepAliveMaxTimeout: 4_000,
  keepAliveTimeoutThreshold: 1_000,
});

/** Statuses whose responses carry no body (the Response constructor refuses one). */
const bodylessStatuses = new Set([204, 205, 304]);

/**
 * The `fetch` the SDK calls: undici's `request` on the shared pool, answered as a Response.
 * undici's own `fetch` on the same pool spent more CPU per call than the whole axios stack it
 * replaces (docs/decisions/0015-ory-fetch-client.md); `request` does not follow redirects, so a
 * 3xx fails the call (none of the Ory APIs the server calls redirects). The timeout covers
 * waiting for a connection, the answer and its body, which is read here in full, so the
 * connection is free again whatever the caller does with the response.
 */
function pooledFetch(timeoutMs: number): FetchAPI {
  return async (url, init = {}) => {
    // The SDK sends JSON as text; a body of another kind would be a call this code never makes.
    if (init.body != null && typeof init.body !== "string") {
      throw new TypeError("Ory calls send JSON text bodies only");
    }
    const answer = await request(url as string, {
      method: (init.method ?? "GET") as Dispatcher.HttpMethod,
      // The SDK always passes its headers as a plain object.
      headers: init.headers as Record<string, string>,
      body: init.body,
      dispatcher: pool,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await answer.body.arrayBuffer();
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      for (const each of Array.isArray(value) ? value : [value ?? ""]) headers.append(name, each);
    }
    return new Response(bodylessStatuses.has(answer.statusCode) ? null : body, {
      status: answer.statusCode,
      headers,
    });
  };
}

/**
 * One place for how we talk to any Ory endpoint: its URL, a hard timeout and pooled
 * connections; and, for admin and Keto endpoints on Ory Network, the API key as a bearer
 * token. Public (browser-facing) endpoints are built without one, so it is never sent there.
 */
export function oryConfiguration(
  basePath: string,
  timeoutMs: number,
  apiKey?: string,
): Configuration {
  return new Configuration({
    basePath: basePath.replace(/\/$/, ""),
    fetchApi: pooledFetch(timeoutMs),
    headers: apiKey === undefined ? undefined : { authorization: `Bearer ${apiKey}` },
  });
}

/** The HTTP status of a failed Ory call, or undefined when no answer arrived (refused, timed out). */
export function httpStatusOf(error: unknown): number | undefined {
  return error instanceof ResponseError ? error.response.status : undefined;
}

/** The body of a failed Ory call's answer (herodot's JSON error), or undefined when none arrived. */
export async function errorBodyOf(error: unknown): Promise<string | undefined> {
  // A clone, so the same failure can be read again (the outbox describes it twice).
  return error instanceof ResponseError ? error.response.clone().text() : undefined;
}

/**
 * A failed Ory call in a few words: `HTTP <status>`, or why no answer arrived. The SDK wraps
 * network failures and timeouts in a FetchError whose own message says nothing; its cause does.
 */
export function describeOryFailure(error: unknown): string {
  const status = httpStatusOf(error);
  if (status !== undefined) return `HTTP ${status}`;
  if (error instanceof FetchError) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}
