import { authzBudgetExceeded } from "../errors.ts";
import { PermissionMap } from "./permission-map.ts";
import type { Permission } from "./permissions.ts";

/**
 * How many distinct permission checks one request may send to Keto. Asking
 * the same check again is free (the request's loader answers it from cache);
 * a new check beyond the budget is refused with AUTHZ_BUDGET_EXCEEDED, which
 * denies like any failed check. The query limits bound most requests long
 * before this; the budget is the ceiling for what they cannot estimate (lists
 * filtered by permission scan rows the viewer may not see).
 */
export function createPermissionBudget(budget: number) {
  const asked = new PermissionMap<true>();
  return {
    /** Records the check; throws if it is new and the budget is spent. */
    spend(permission: Permission) {
      if (asked.has(permission)) return;
      if (asked.size >= budget) throw authzBudgetExceeded(budget);
      asked.set(permission, true);
    },
  };
}

export type PermissionBudget = ReturnType<typeof createPermissionBudget>;
