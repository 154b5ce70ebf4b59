import type { Permission } from "../auth/permissions.ts";
import type { TupleChange } from "../outbox/tuples.ts";

/**
 * Which permits a user holds for certain once they are directly in a relation,
 * as ory/keto/namespaces.keto.ts declares them: the one place this API knows
 * that, so it can answer for a tuple it has written before Keto confirms it.
 * Only direct user subjects count; permits reached through a group or a
 * parent project still need Keto.
 */
const permitsOfRelation: Record<string, Record<string, readonly string[]>> = {
  App: { admins: ["administer"], readers: ["read"], integrators: ["use"] },
  Group: { owners: ["manage", "view"], members: ["view"] },
  Project: { owners: ["manage", "edit", "view"], editors: ["edit", "view"], viewers: ["view"] },
  Document: { owners: ["delete", "edit", "view"] },
};

/**
 * The permits `userId` holds once these inserts are in Keto. The caller
 * passes only inserts that no later change undoes (see delivery.ts), so a
 * revoke is never answered as allowed.
 */
export function grantedPermits(inserts: readonly TupleChange[], userId: string): Permission[] {
  return inserts.flatMap((change) => {
    if (change.action !== "INSERT") return [];
    if (change.subject.kind !== "user" || change.subject.id !== userId) return [];
    const permits = permitsOfRelation[change.namespace]?.[change.relation] ?? [];
    return permits.map((relation) => ({
      namespace: change.namespace,
      object: change.object,
      relation,
    }));
  });
}
