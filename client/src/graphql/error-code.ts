import type { CombinedError } from "urql";

/**
 * The API's documented error codes (`extensions.code`), plus NETWORK when no answer came and
 * OUT_OF_DATE when the API no longer knows the page's stored documents.
 */
export type ApiErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_USER_INPUT"
  | "AUTHZ_UNAVAILABLE"
  | "NETWORK"
  | "OUT_OF_DATE"
  | "UNKNOWN";

const knownCodes = new Set<string>([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_USER_INPUT",
  "AUTHZ_UNAVAILABLE",
]);

/**
 * The API answers a document hash it does not hold with these (graphql-yoga's persisted
 * operations; the message alone where a server leaves the code out). For a page that means
 * it was loaded before a deploy changed the documents (docs/decisions/0019-trusted-documents.md).
 */
const unknownDocumentCodes = new Set(["PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_IN_LIST"]);
const unknownDocumentMessage = "PersistedQueryNotFound";

/** What went wrong with an operation, as one code a page can switch on. */
export function apiErrorCode(error: CombinedError | undefined): ApiErrorCode | undefined {
  if (!error) return undefined;
  if (error.networkError) return "NETWORK";
  for (const graphQLError of error.graphQLErrors) {
    const code = graphQLError.extensions?.code;
    if (typeof code === "string" && knownCodes.has(code)) return code as ApiErrorCode;
    if (
      (typeof code === "string" && unknownDocumentCodes.has(code)) ||
      graphQLError.message === unknownDocumentMessage
    ) {
      return "OUT_OF_DATE";
    }
  }
  return "UNKNOWN";
}

/**
 * The API's own code and words for a failure no page state names: for developers (a
 * `<details>` or the console), never the headline people read.
 */
export function errorDetails(error: CombinedError): string {
  const [first] = error.graphQLErrors;
  if (!first) return error.message;
  const code = first.extensions?.code;
  return typeof code === "string" ? `${code}: ${first.message}` : first.message;
}
