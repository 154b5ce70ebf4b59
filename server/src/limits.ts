/**
 * Every per-request limit, with the reason for its number. Each is several
 * times what the browser client and GraphiQL's introspection query need (a
 * test holds them to half of each limit), and low enough that one request
 * cannot occupy the event loop, the database or Keto for long.
 * docs/decisions/0009-request-limits.md explains what each one protects.
 */
export const requestLimits = {
  /**
   * Bytes in a request body. The largest legitimate body is an updateDocument
   * with a 100,000-character body; JSON escapes a control character as six
   * bytes, so 600 kB is its worst case.
   */
  maxBodyBytes: 1_048_576,
  /**
   * Lexical tokens in a document, counted while parsing, so nothing larger is
   * ever validated. graphql's field-merging rule is quadratic in repeated
   * fields and fragments: this bound keeps its worst case to tens of
   * milliseconds. The largest client operation has 113 tokens, GraphiQL's
   * introspection query 184.
   */
  maxTokens: 500,
  /** Aliased fields per operation: each alias can ask for a whole list again. */
  maxAliases: 30,
  /** Directives per operation; the client uses none. */
  maxDirectives: 25,
  /**
   * Nested fields per operation, fragments flattened. The client's deepest
   * operation nests 5 fields; introspection is bounded by graphql's own rule.
   */
  maxDepth: 12,
  /**
   * Estimated objects one operation may resolve: each field counts one, times
   * the page size of every list above it (see http/query-cost.ts). The
   * client's costliest operation (Projects) is estimated at 1,401.
   */
  maxCost: 5_000,
  /** Ids per `nodes(ids:)`: each one is a permission check and a row read. */
  maxNodeIds: 100,
  /** Page size a connection answers when `first`/`last` is absent, and the most it allows. */
  defaultPageSize: 20,
  maxPageSize: 100,
} as const;
