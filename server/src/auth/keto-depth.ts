/**
 * Keto's `limit.max_read_depth`, as ory/keto/keto.yml configures it (a test keeps the two
 * equal). The API never sends `max-depth` with its checks, so Keto answers at this depth; it
 * is here because the API's own walks through nested groups stop where Keto's checks would.
 * Why 7: docs/decisions/0026-keto-read-depth.md.
 */
export const KETO_MAX_READ_DEPTH = 7;

/**
 * Group-to-group hops worth following when looking for what a viewer may reach. Every hop
 * through a subject set costs Keto at least one level of depth, so no check can be allowed
 * through more hops than the depth itself: walking this far proposes every candidate Keto
 * could still allow, and the walks stay bounded on deep or cyclic group graphs.
 */
export const MAX_GROUP_HOPS = KETO_MAX_READ_DEPTH;
