import type { Relationship } from "@ory/client-fetch";
import DataLoader from "dataloader";
import { authzUnavailable } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { PermissionChecker } from "./keto.ts";
import type { KetoMeter } from "./keto-meter.ts";
import type { PendingRevocations } from "./pending-revocations.ts";
import { userSubject } from "./vocabulary.ts";

/** Where an answer came from: Keto, or the pending-revoke overlay that overruled Keto's yes. */
export type CheckSource = "keto" | "pending-revoke";

/** Told about every round the loader sends to Keto, with each check's answer (X-Authz-Explain). */
export interface CheckRoundObserver {
  round(
    checks: { permission: Permission; answer: boolean | Error; source: CheckSource }[],
    ms: number,
  ): void;
}

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
    subject_set: userSubject(userId),
  };
}

export type PermissionLoader = DataLoader<Permission, boolean, string>;

/**
 * A per-request loader: every check asked in the same tick goes to Keto in one
 * round (chunked), identical checks once. A failed check denies and surfaces as
 * AUTHZ_UNAVAILABLE on the field that asked, never as data. A check that a
 * revoke still queued for Keto may take away answers false at once, whatever
 * Keto says (`pendingRevocations`); if that cannot be read, the round fails closed.
 */
export function createPermissionLoader(
  checker: PermissionChecker,
  userId: string,
  log: Logger,
  revocations?: PendingRevocations,
  meter?: KetoMeter,
  observer?: CheckRoundObserver,
): PermissionLoader {
  return new DataLoader<Permission, boolean, string>(
    async (permissions) => {
      const started = performance.now();
      if (meter) {
        meter.checkRounds += 1;
        meter.tuplesChecked += permissions.length;
      }
      const [outcomes, revoked] = await Promise.all([
        checker.check(permissions.map((p) => userTuple(p, userId))),
        revocations?.affects(userId, permissions).catch((error: unknown) => error),
      ]);
      const answers = outcomes.map((outcome, index) => {
        const tuple = () => tupleKey(permissions[index], userId);
        if (outcome instanceof Error) {
          log.warn({ err: outcome, tuple: tuple() }, "denied: Keto");
          return authzUnavailable(outcome);
        }
        if (revoked === undefined || outcome === false) return outcome;
        if (!Array.isArray(revoked)) {
          log.warn({ err: revoked, tuple: tuple() }, "denied: pending revokes unreadable");
          return authzUnavailable(revoked);
        }
        if (revoked[index]) log.debug({ tuple: tuple() }, "denied: revoke pending in the outbox");
        return !revoked[index];
      });
      observer?.round(
        permissions.map((permission, index) => ({
          permission,
          answer: answers[index],
          // Only a yes from Keto can be overruled (denied, or failed when the overlay is unreadable).
          source: outcomes[index] === true && answers[index] !== true ? "pending-revoke" : "keto",
        })),
        performance.now() - started,
      );
      return answers;
    },
    { cacheKeyFn: (permission) => tupleKey(permission, userId), maxBatchSize: Infinity },
  );
}
