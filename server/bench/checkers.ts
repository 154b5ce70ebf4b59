import type { PermissionChecker } from "../src/auth/keto.ts";

/**
 * BASELINE ONLY: allows everything and never calls Keto. It exists to measure
 * what authorization costs, and is only ever built here in the bench: the
 * server's own start-up has no way to reach it.
 */
export const allowEverythingChecker: PermissionChecker = {
  check: async (tuples) => tuples.map(() => true),
};
