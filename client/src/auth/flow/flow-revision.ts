const revisions = new WeakMap<object, number>();
let nextRevision = 1;

/**
 * A number that changes whenever Kratos hands back a new flow object, even with the
 * same flow id. Inputs keyed by it start again from the values Kratos sent (for
 * example an emptied password after a failed sign-in) instead of keeping stale DOM state.
 */
export function flowRevision(flow: object): number {
  let revision = revisions.get(flow);
  if (revision === undefined) {
    revision = nextRevision++;
    revisions.set(flow, revision);
  }
  return revision;
}
