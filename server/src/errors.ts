import { GraphQLError } from "graphql";

/** The API's whole error vocabulary, sent as `extensions.code`. */
export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_USER_INPUT"
  | "AUTHZ_UNAVAILABLE"
  | "OVERLOADED"
  | "INTERNAL_SERVER_ERROR";

/** HTTP status a response takes when every error in it has this code. */
const httpStatus: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  AUTHZ_UNAVAILABLE: 503,
  OVERLOADED: 503,
  INTERNAL_SERVER_ERROR: 500,
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

/** Kratos or Keto could not answer; the request is denied rather than guessed. */
export const authzUnavailable = (cause?: unknown) =>
  new ApiError(
    "AUTHZ_UNAVAILABLE",
    "Authorization is temporarily unavailable; nothing was shown or changed. Try again shortly.",
    { cause },
  );

/** The server is at its limit of concurrent requests; nothing was started. */
export const overloaded = (retryAfterSeconds: number) =>
  new ApiError(
    "OVERLOADED",
    `The server is busy; nothing was shown or changed. Try again in ${retryAfterSeconds} s.`,
  );
