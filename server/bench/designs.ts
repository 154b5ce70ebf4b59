import type { PermissionChecker } from "../src/auth/keto.ts";
import type { TupleLister } from "../src/auth/keto-tuples.ts";
import type { GrantMirror } from "../src/domain/grant-mirror.ts";

/*
 * Stand-ins built only here, in the bench, through the context's seams; the
 * server's own start-up has no way to reach any of them.
 */

/** BASELINE ONLY: allows everything and never calls Keto. */
export const allowEverythingChecker: PermissionChecker = {
  check: async (tuples) => tuples.map(() => true),
};

/**
 * A Keto listing that shows nothing and vouches for nothing: list candidates come from the
 * grant mirror alone, and no check is answered from a listing (incomplete, it denies nothing).
 */
export const listsNothing: TupleLister = {
  relatedTo: async () => ({ related: [], complete: false }),
  subjectsOf: async () => [],
};

/**
 * The design lists had before the grant mirror: every row of the table is a
 * candidate, scanned newest first and checked in batches until the page is
 * full or 1,000 rows were scanned. The ids are never compared (with
 * `listsNothing` no Keto object is missing from the scope), so none are read:
 * reading every id would charge this design a query it never made.
 */
export const tableScanMirror: GrantMirror = {
  groupsJoined: async () => [],
  projects: async () => ({ where: {}, held: async () => new Map() }),
  groups: async () => ({ where: {}, held: async () => new Map() }),
};

/**
 * Lists built from Keto alone: the mirror proposes nothing, so every
 * candidate is an object Keto's listing of the viewer's tuples names, and the
 * listing walks the viewer's groups level by level with no hint. The listing
 * must finish before the checks can start: list, then check.
 */
export const ketoListMirror: GrantMirror = {
  groupsJoined: async () => [],
  projects: async () => ({ where: { id: { in: [] } }, held: async () => new Map() }),
  groups: async () => ({ where: { id: { in: [] } }, held: async () => new Map() }),
};
