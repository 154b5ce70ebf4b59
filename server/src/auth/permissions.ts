import type { Relationship } from "@ory/client-fetch";
import DataLoader from "dataloader";
import { authzUnavailable } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { CheckOutcome, PermissionChecker } from "./keto.ts";
import type { KetoMeter } from "./keto-meter.ts";
import type { PendingRevocations } from "./pending-revocations.ts";
import { PermissionMap } from "./permission-map.ts";
import type { ListedAnswer } from "./viewer-grants.ts";
import { userSubject } from "./vocabulary.ts";

/**
 * Where an answer came from: a Keto check, Keto's listing of the viewer's own tuples
 * (`keto-listing`), or the pending-revoke overlay that overruled either's yes.
 */
export type CheckSource = "keto" | "keto-listing" | "pending-revoke";

/**
 * Told about every round of the loader (the checks asked in one tick, answered by Keto's
 * listing or its batch checks), with each check's answer (X-Authz-Explain).
 */
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

/** Keto's text notation, e.g. `Project:p1#view@User:u1`, as logs and explanations show a check. */
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

export type PermissionLoader = DataLoader<Permission, boolean, Permission>;

/**
 * Checks that Keto's listings of the viewer's tuples settle without a check, by the permission
 * model: a tuple `Project:p#owners@User:<viewer>` means Keto answers `manage`, `edit` and `view`
 * on `p` yes; when the listings are complete and nothing the viewer or their groups hold on `p`
 * could grant `edit`, Keto answers it no. A list marks the checks it expects there (its grant
 * mirror says which way they go); the loader waits for the listings for those instead of asking
 * Keto, and asks Keto for any the listings do not settle (docs/decisions/0030, 0031).
 */
export interface ListedPermits {
  expects(permission: Permission): boolean;
  /** What the listings settle in the namespace. */
  of(namespace: string): Promise<ListedAnswer>;
}

export interface PermissionLoaderOptions {
  checker: PermissionChecker;
  userId: string;
  log: Logger;
  revocations?: PendingRevocations;
  meter?: KetoMeter;
  observer?: CheckRoundObserver;
  listed?: ListedPermits;
  /** Filled with every answer the loader gives (errors aside), for callers that read them at once. */
  answered?: PermissionMap<boolean>;
}

/**
 * A per-request loader: every check asked in the same tick goes to Keto in one
 * round (chunked), identical checks once; checks a list expects Keto's listing
 * to answer wait for that listing instead (`listed`). A failed check denies and
 * surfaces as AUTHZ_UNAVAILABLE on the field that asked, never as data. A check
 * that a revoke still queued for Keto may take away answers false at once,
 * whatever Keto says (`pendingRevocations`); if that cannot be read, the round
 * fails closed.
 */
export function createPermissionLoader(options: PermissionLoaderOptions): PermissionLoader {
  const { checker, userId, log, revocations, meter, observer, listed, answered } = options;
  /** Sends these checks to Keto as one round; none sends nothing. */
  const ask = async (permissions: readonly Permission[]): Promise<CheckOutcome[]> => {
    if (permissions.length === 0) return [];
    if (meter) {
      meter.checkRounds += 1;
      meter.tuplesChecked += permissions.length;
    }
    return checker.check(permissions.map((p) => userTuple(p, userId)));
  };

  /** Each check's outcome, and whether the listing gave it. */
  const answer = async (permissions: readonly Permission[]) => {
    const answers: { outcome: CheckOutcome; fromListing: boolean }[] = [];
    const expected: number[] = [];
    const others: number[] = [];
    for (const [index, p] of permissions.entries()) {
      (listed?.expects(p) ? expected : others).push(index);
    }
    const askKeto = async (indexes: number[]) => {
      const outcomes = await ask(indexes.map((index) => permissions[index]));
      indexes.forEach((index, k) => {
        answers[index] = { outcome: outcomes[k], fromListing: false };
      });
    };
    const askListing = async () => {
      if (!listed || expected.length === 0) return;
      const settled = await settledByListing(
        listed,
        expected.map((index) => permissions[index]),
        log,
      );
      const fromListing: Relationship[] = [];
      const given: boolean[] = [];
      const unsettled: number[] = [];
      for (const [k, index] of expected.entries()) {
        const outcome = settled[k];
        if (outcome === undefined) {
          unsettled.push(index);
          continue;
        }
        answers[index] = { outcome, fromListing: true };
        fromListing.push(userTuple(permissions[index], userId));
        given.push(outcome);
      }
      if (meter) meter.listedAnswers += fromListing.length;
      if (fromListing.length > 0) checker.answeredElsewhere?.(fromListing, given);
      // What the listings do not settle (the mirror is ahead of Keto, or Keto could not list) is checked.
      await askKeto(unsettled);
    };
    await Promise.all([askKeto(others), askListing()]);
    return answers;
  };

  return new DataLoader<Permission, boolean, Permission>(
    async (permissions) => {
      const started = performance.now();
      const [outcomes, revoked] = await Promise.all([
        answer(permissions),
        revocations?.affects(userId, permissions).catch((error: unknown) => error),
      ]);
      const tuple = (index: number) => tupleKey(permissions[index], userId);
      const answers = outcomes.map(({ outcome }, index) => {
        if (outcome instanceof Error) {
          log.warn({ err: outcome, tuple: tuple(index) }, "denied: Keto");
          return authzUnavailable(outcome);
        }
        if (revoked === undefined || outcome === false) return outcome;
        if (!Array.isArray(revoked)) {
          log.warn({ err: revoked, tuple: tuple(index) }, "denied: pending revokes unreadable");
          return authzUnavailable(revoked);
        }
        if (revoked[index]) {
          log.debug({ tuple: tuple(index) }, "denied: revoke pending in the outbox");
        }
        return !revoked[index];
      });
      if (answered) {
        for (const [index, given] of answers.entries()) {
          if (typeof given === "boolean") answered.set(permissions[index], given);
        }
      }
      observer?.round(
        permissions.map((permission, index) => {
          const { outcome, fromListing } = outcomes[index];
          return {
            permission,
            answer: answers[index],
            // Only a yes can be overruled (denied, or failed when the overlay is unreadable).
            source:
              outcome === true && answers[index] !== true
                ? "pending-revoke"
                : fromListing
                  ? "keto-listing"
                  : "keto",
          };
        }),
        performance.now() - started,
      );
      return answers;
    },
    // The loader is one viewer's: checks are told apart by namespace, relation and object.
    { cacheMap: new PermissionMap<Promise<boolean>>(), maxBatchSize: Infinity },
  );
}

/** What the listings say of each permission; a listing Keto could not give settles none. */
async function settledByListing(
  listed: ListedPermits,
  permissions: readonly Permission[],
  log: Logger,
): Promise<(boolean | undefined)[]> {
  const namespaces = [...new Set(permissions.map((p) => p.namespace))];
  const answers = new Map(
    await Promise.all(
      namespaces.map(async (namespace) => {
        const answer = await listed.of(namespace).catch((error: unknown) => {
          log.warn({ err: error, namespace }, "Keto's listing cannot answer: checks go to Keto");
          return undefined;
        });
        return [namespace, answer] as const;
      }),
    ),
  );
  return permissions.map((p) => answers.get(p.namespace)?.(p));
}
