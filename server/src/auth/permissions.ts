import type { Relationship } from "@ory/client";
import DataLoader from "dataloader";
import { authzUnavailable } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { PermissionChecker } from "./keto.ts";

/** "May the viewer <relation> <namespace>:<object>?" — the unit every rule asks. */
export interface Permission {
  namespace: string;
  object: string;
  relation: string;
}

/** Keto's text notation, e.g. `Project:p1#view@User:u1`: the cache and dedupe key. */
export function tupleKey(permission: Permission, userId: string): string {
  return `${permission.namespace}:${permission.object}#${permission.relation}@User:${userId}`;
}

/** Users are subject sets with an empty relation, as the permission model declares them. */
export function userTuple(permission: Permission, userId: string): Relationship {
  return {
    ...permission,
    subject_set: { namespace: "User", object: userId, relation: "" },
  };
}

export type PermissionLoader = DataLoader<Permission, boolean, string>;

/**
 * A per-request loader: every check asked in the same tick goes to Keto in one
 * round (chunked), identical checks once. A failed check denies and surfaces as
 * AUTHZ_UNAVAILABLE on the field that asked, never as data.
 */
export function createPermissionLoader(
  checker: PermissionChecker,
  userId: string,
  log: Logger,
): PermissionLoader {
  return new DataLoader<Permission, boolean, string>(
    async (permissions) => {
      const outcomes = await checker.check(permissions.map((p) => userTuple(p, userId)));
      return outcomes.map((outcome, index) => {
        if (!(outcome instanceof Error)) return outcome;
        log.warn({ err: outcome, tuple: tupleKey(permissions[index], userId) }, "denied: Keto");
        return authzUnavailable(outcome);
      });
    },
    { cacheKeyFn: (permission) => tupleKey(permission, userId), maxBatchSize: Infinity },
  );
}
