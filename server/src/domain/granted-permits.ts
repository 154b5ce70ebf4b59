import type { Permission } from "../auth/permissions.ts";
import { permitsGrantedBy } from "../auth/vocabulary.ts";
import type { TupleChange } from "../outbox/tuples.ts";

/**
 * The permits `userId` holds once these inserts are in Keto. The caller
 * passes only inserts that no later change undoes (see delivery.ts), so a
 * revoke is never answered as allowed.
 */
export function grantedPermits(inserts: readonly TupleChange[], userId: string): Permission[] {
  return inserts.flatMap((change) => {
    if (change.action !== "INSERT") return [];
    if (change.subject.kind !== "user" || change.subject.id !== userId) return [];
    // Only direct user subjects count; permits reached through a group or a parent
    // project still need Keto.
    const permits = permitsGrantedBy(change.namespace, change.relation);
    return permits.map((relation) => ({
      namespace: change.namespace,
      object: change.object,
      relation,
    }));
  });
}
