import type { Permission } from "./permissions.ts";

/**
 * A map keyed by a permission's namespace, relation and object, built without a key string:
 * a page of 100 rows asks its viewer's checks hundreds of times (the list, each node's rule,
 * each `viewerCan` field), and every lookup (budget, cache, listing) would otherwise build
 * and hash a tuple's text again. One map holds one viewer's checks.
 */
export class PermissionMap<V> {
  private readonly byNamespace = new Map<string, Map<string, Map<string, V>>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(permission: Permission): V | undefined {
    return this.byNamespace
      .get(permission.namespace)
      ?.get(permission.relation)
      ?.get(permission.object);
  }

  has(permission: Permission): boolean {
    return (
      this.byNamespace
        .get(permission.namespace)
        ?.get(permission.relation)
        ?.has(permission.object) ?? false
    );
  }

  set(permission: Permission, value: V): this {
    let byRelation = this.byNamespace.get(permission.namespace);
    if (!byRelation) {
      byRelation = new Map();
      this.byNamespace.set(permission.namespace, byRelation);
    }
    let byObject = byRelation.get(permission.relation);
    if (!byObject) {
      byObject = new Map();
      byRelation.set(permission.relation, byObject);
    }
    if (!byObject.has(permission.object)) this.count += 1;
    byObject.set(permission.object, value);
    return this;
  }

  delete(permission: Permission): boolean {
    const deleted =
      this.byNamespace
        .get(permission.namespace)
        ?.get(permission.relation)
        ?.delete(permission.object) ?? false;
    if (deleted) this.count -= 1;
    return deleted;
  }

  clear(): void {
    this.byNamespace.clear();
    this.count = 0;
  }
}
