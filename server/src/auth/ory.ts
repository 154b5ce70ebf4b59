import http from "node:http";
import https from "node:https";
import { Configuration } from "@ory/client";

/**
 * Sockets each Ory endpoint may use at once. Beyond this, calls wait in the agent for a free
 * connection instead of opening ever more of them under a burst (their wait counts towards the
 * call's timeout, so a backlog still fails closed).
 */
const SOCKETS_PER_ENDPOINT = 64;

/**
 * One keep-alive pool per process, shared by every Ory client: reused connections skip the TCP
 * (and TLS) handshake per call. Node 20's global agent keeps connections alive too, but without a
 * bound on how many it opens.
 */
// Idle sockets close after 4 s, before a Node server's 5 s keep-alive timeout would close them
// under a request just being sent (Node's own global agent uses 5 s for the same reason).
const agentOptions = {
  keepAlive: true,
  maxSockets: SOCKETS_PER_ENDPOINT,
  timeout: 4_000,
  scheduling: "lifo",
} as const;
const httpAgent = new http.Agent(agentOptions);
const httpsAgent = new https.Agent(agentOptions);

/** One place for how we talk to any Ory endpoint: its URL, a hard timeout and pooled sockets. */
export function oryConfiguration(basePath: string, timeoutMs: number): Configuration {
  return new Configuration({
    basePath: basePath.replace(/\/$/, ""),
    baseOptions: {
      timeout: timeoutMs,
      httpAgent,
      httpsAgent,
      // The Ory APIs the server calls answer directly and never redirect. Without redirects,
      // axios sends through Node's http module instead of wrapping every call in
      // follow-redirects, which was a measurable share of the CPU each check costs.
      maxRedirects: 0,
    },
  });
}

/** The HTTP status of a failed @ory/client call, or undefined when none arrived. */
export function httpStatusOf(error: unknown): number | undefined {
  const response = (error as { response?: { status?: unknown } } | null)?.response;
  return typeof response?.status === "number" ? response.status : undefined;
}
