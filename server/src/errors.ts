import { GraphQLError } from "graphql";

/** The API's whole error vocabulary, sent as `extensions.code`. */
export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_USER_INPUT"
  | "AUTHZ_UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR"
  /** The server was at its limit and started nothing (503 with Retry-After). */
  | "OVERLOADED"
  /** The document exceeds a limit on tokens, aliases, directives, depth or estimated cost. */
  | "QUERY_TOO_COMPLEX"
  /** The request body is larger than the API accepts (Yoga's own code, with 413). */
  | "REQUEST_ENTITY_TOO_LARGE"
  /** The request needed more distinct permission checks than one request may make. */
  | "AUTHZ_BUDGET_EXCEEDED"
  /** A cookie-carrying POST that was not JSON: refused before anything ran (CSRF guard). */
  | "CSRF_REJECTED";

/** HTTP status a response takes when every error in it has this code. */
const httpStatus: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  AUTHZ_UNAVAILABLE: 503,
  OVERLOADED: 503,
  INTERNAL_SERVER_ERROR: 500,
  QUERY_TOO_COMPLEX: 400,
  REQUEST_ENTITY_TOO_LARGE: 413,
  AUTHZ_BUDGET_EXCEEDED: 400,
  CSRF_REJECTED: 403,
};

/**
 * An error meant for the client: its message and code are shown as they are,
 * unlike unexpected errors, which Yoga masks.
 */
export class ApiError extends GraphQLError {
  constructor(code: ErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { extensions: { code, http: { status: httpStatus[code] } } });
    // Kept for logs only: as `originalError`, Yoga would mask this error as unexpected.
    if (options.cause !== undefined) Object.defineProperty(this, "cause", { value: options.cause });
  }
}

export const unauthenticated = () =>
  new ApiError("UNAUTHENTICATED", "Sign in to continue: no valid session was found.");

/** `field` is the schema coordinate that was refused, e.g. `Query.homepage`. */
export const forbidden = (field: string) =>
  new ApiError("FORBIDDEN", `You do not have permission to read ${field}.`);

/**
 * Kratos or Keto could not answer; what asked is denied rather than guessed.
 * The message claims nothing about the rest of the response: another field
 * of the same request (an earlier mutation, say) may have committed.
 */
export const authzUnavailable = (cause?: unknown) =>
  new ApiError(
    "AUTHZ_UNAVAILABLE",
    "Authorization is temporarily unavailable, so this was denied rather than guessed. Try again shortly.",
    { cause },
  );

/** A mutation refused while checking, before it wrote anything: said so, since it is true. */
export const authzUnavailableBeforeWrite = (cause?: unknown) =>
  new ApiError(
    "AUTHZ_UNAVAILABLE",
    "Authorization is temporarily unavailable, so this mutation was refused before it changed anything. Try again shortly.",
    { cause },
  );

export const isAuthzUnavailable = (error: unknown): error is ApiError =>
  error instanceof ApiError && error.extensions.code === "AUTHZ_UNAVAILABLE";

/** `limit` says which one, e.g. "Query depth limit of 12 exceeded, found 40." */
export const queryTooComplex = (limit: string) =>
  new ApiError("QUERY_TOO_COMPLEX", `The query is too complex: ${limit}`);

/** Checks beyond the budget deny: the request asks for more than one request may. */
export const authzBudgetExceeded = (budget: number) =>
  new ApiError(
    "AUTHZ_BUDGET_EXCEEDED",
    `This request needs more than ${budget} permission checks; ask for fewer or smaller pages.`,
  );

/** The server is at its limit of concurrent requests; nothing was started. */
export const overloaded = (retryAfterSeconds: number) =>
  new ApiError(
    "OVERLOADED",
    `The server is busy; nothing was shown or changed. Try again in ${retryAfterSeconds} s.`,
  );
