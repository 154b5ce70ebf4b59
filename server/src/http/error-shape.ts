import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { ErrorCode } from "../errors.ts";

/** Longest piece of a client's value an error message repeats. */
const maxEcho = 40;
/** Longest error message sent, whatever it is made of. */
const maxMessage = 300;

/**
 * Shortens what a message echoes of the request: quoted values and long
 * unbroken runs (ids, cursors) keep a short prefix, and the whole message is
 * capped, so a 100 KB argument is never sent back.
 */
export function shortenMessage(message: string): string {
  const shortened = message
    .replace(/"(?:[^"\\]|\\.)*"/g, (quoted) =>
      quoted.length > maxEcho + 2 ? `${quoted.slice(0, maxEcho + 1)}…"` : quoted,
    )
    .replace(new RegExp(`[^\\s"]{${maxEcho + 1},}`, "g"), (run) => `${run.slice(0, maxEcho)}…`);
  return shortened.length > maxMessage ? `${shortened.slice(0, maxMessage)}…` : shortened;
}

/**
 * The code for an error that arrived without one. Errors the API raises carry
 * their own, unexpected ones are masked with INTERNAL_SERVER_ERROR, and Yoga
 * names parse and validation failures; what is left are GraphQL errors raised
 * by graphql-js or a Pothos plugin about the request's values (a variable that
 * does not coerce, a malformed global id): bad input.
 */
function codeFor(error: GraphQLError): ErrorCode {
  const cause = error.originalError;
  return cause === undefined || cause instanceof GraphQLError
    ? "BAD_USER_INPUT"
    : "INTERNAL_SERVER_ERROR";
}

type HttpExtensions = GraphQLError["extensions"]["http"];

/** `extensions.http` without the status its code would give the response. */
function withoutStatus(http: HttpExtensions): HttpExtensions {
  if (http === undefined) return http;
  const { status: _status, ...rest } = http;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

function reshape(error: GraphQLError, withData: boolean): GraphQLError {
  const message = shortenMessage(error.message);
  const keepsStatus = !withData || error.extensions.http === undefined;
  if (error.extensions.code !== undefined && message === error.message && keepsStatus) return error;
  const extensions = { ...error.extensions, code: error.extensions.code ?? codeFor(error) };
  if (!keepsStatus) extensions.http = withoutStatus(error.extensions.http);
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions,
  });
}

function reshapeResult<T>(result: T): T {
  if (typeof result !== "object" || result === null || !("errors" in result)) return result;
  const { errors, data } = result as { errors?: unknown; data?: unknown };
  if (!Array.isArray(errors)) return result;
  // Partial data is a success at the HTTP level (GraphQL over HTTP); the codes stay in the errors.
  const withData = data !== undefined && data !== null;
  return {
    ...result,
    errors: errors.map((error) =>
      reshape(error instanceof GraphQLError ? error : new GraphQLError(String(error)), withData),
    ),
  };
}

/**
 * One rule for every response, whatever raised its errors: each error has an
 * `extensions.code`, and no message repeats more than a short prefix of what
 * the client sent. A response that carries data (not null) is 200, however
 * many of its fields were refused; one without data takes the status of its
 * errors' codes (401, 403, 503, …).
 */
export function useErrorShape(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result)) setResult(result.map(reshapeResult));
      else if (!(Symbol.asyncIterator in Object(result))) setResult(reshapeResult(result));
    },
  };
}
