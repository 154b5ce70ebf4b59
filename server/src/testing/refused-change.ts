import type { Subject, TupleChange } from "../outbox/tuples.ts";

/**
 * A change Keto refuses for good: its namespace is not in the permission model. The typed
 * `insert` would not compile it, which is the point; the outbox must still cope with one.
 */
export const refusedByKeto = (object: string, subject: Subject): TupleChange => ({
  action: "INSERT",
  namespace: "Nope",
  object,
  relation: "viewers",
  subject,
});
