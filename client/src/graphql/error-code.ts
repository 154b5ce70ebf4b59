import type { CombinedError } from "urql";

/** The API's documented error codes (`extensions.code`), plus NETWORK when no answer came. */
export type ApiErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_USER_INPUT"
  | "AUTHZ_UNAVAILABLE"
  | "NETWORK"
  | "UNKNOWN";

const knownCodes = new Set<string>([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_USER_INPUT",
  "AUTHZ_UNAVAILABLE",
]);

/** What went wrong with an operation, as one code a page can switch on. */
export function apiErrorCode(error: CombinedError | undefined): ApiErrorCode | undefined {
  if (!error) return undefined;
  if (error.networkError) return "NETWORK";
  for (const graphQLError of error.graphQLErrors) {
    const code = graphQLError.extensions?.code;
    if (typeof code === "string" && knownCodes.has(code)) return code as ApiErrorCode;
  }
  return "UNKNOWN";
}
