import type { IdentityDirectory } from "./auth/directory.ts";
import { traceOf } from "./auth/explain.ts";
import type { PermissionChecker } from "./auth/keto.ts";
import { ketoMeterFor } from "./auth/keto-meter.ts";
import type { SubjectSet, TupleLister } from "./auth/keto-tuples.ts";
import type { PendingRevocations } from "./auth/pending-revocations.ts";
import { createPermissionBudget } from "./auth/permission-budget.ts";
import { PermissionMap } from "./auth/permission-map.ts";
import {
  createPermissionLoader,
  type Permission,
  type PermissionLoader,
} from "./auth/permissions.ts";
import { credentialOf, type SessionLookup } from "./auth/session.ts";
import type { UserMirror } from "./auth/user-mirror.ts";
import { type Viewer, viewerFromSession } from "./auth/viewer.ts";
import { type ViewerGrants, viewerGrants } from "./auth/viewer-grants.ts";
import type { PrismaClient } from "./db/client.ts";
import type { GrantMirror } from "./domain/grant-mirror.ts";
import { authzUnavailable, unauthenticated } from "./errors.ts";
import type { Logger } from "./log.ts";
import type { OutboxDispatcher } from "./outbox/outbox.ts";
import type { Sealer } from "./seal.ts";

/** What every resolver gets: the data layer and lazy, per-request identity and permissions. */
export interface Context {
  prisma: PrismaClient;
  log: Logger;
  /** Who is asking; resolved on first use, at most one Kratos call per request. */
  viewer(): Promise<Viewer | null>;
  /** The viewer once `viewer()` has settled (undefined before): for synchronous callers. */
  knownViewer(): Viewer | null | undefined;
  /**
   * May the viewer do this? Anonymous may nothing; checks in one tick share a
   * Keto round. Rejects with AUTHZ_BUDGET_EXCEEDED past the request's budget.
   */
  can(permission: Permission): Promise<boolean>;
  /**
   * The answer this request already has for the check, if any, with no promise and no Keto
   * call: the fields of a list page read their rows' answers this way. Undefined otherwise
   * (then ask `can`).
   */
  answered(permission: Permission): boolean | undefined;
  /**
   * Asks a check now without waiting for it, so that it leaves in this tick's Keto round; the
   * field that needs it later reads it from the request's cache. Failures surface there.
   */
  warm(permission: Permission): void;
  /**
   * Ids of the objects of a namespace that Keto's tuples relate to the viewer
   * or their groups: candidates for a list, each still to be checked. Read
   * once per request; AUTHZ_UNAVAILABLE when Keto cannot list. Empty when
   * signed out.
   */
  grantedObjects(namespace: string): Promise<Set<string>>;
  /**
   * Says that Keto's listing of the viewer's own tuples should answer this check (the grant
   * mirror says the viewer holds a relation that grants it): the check then waits for that
   * listing instead of going to Keto, and goes to Keto only if the listing does not show it.
   * Call it before `can`; it changes how a check is answered, never the answer.
   */
  expectListed(permission: Permission): void;
  /** What the API's own grant tables say the viewer reaches; UNAUTHENTICATED when signed out. */
  grantMirror(): Promise<GrantMirror>;
  /**
   * The subjects Keto relates directly to one relation of an object, e.g. who
   * is in `App:homepage#readers`; AUTHZ_UNAVAILABLE when Keto cannot list.
   */
  subjectsOf(namespace: string, object: string, relation: string): Promise<SubjectSet[]>;
  /**
   * Sends the tuple changes this request committed to Keto now (they stay
   * queued if Keto is down), then drops cached answers so later checks in
   * this request see the new state.
   */
  deliverTupleChanges(): Promise<void>;
  /**
   * Answers these checks as allowed for the rest of the request without
   * asking Keto: permits the viewer's own committed grants imply, so the
   * writer reads its own writes even before Keto confirms them.
   */
  rememberGranted(granted: Permission[]): Promise<void>;
  /**
   * Says that this denied check refused a field or a mutation (FORBIDDEN), so an
   * explained request (X-Authz-Explain) shows why; does nothing otherwise.
   */
  explainRefusal(permission: Permission): void;
  directory: IdentityDirectory;
  /** Seals list cursors, so they never show which row a page stopped on. */
  cursorSealer: Sealer;
}

export interface ContextDependencies {
  prisma: PrismaClient;
  log: Logger;
  lookupSession: SessionLookup;
  /** Kratos's `session.cookie.name`. */
  sessionCookie: string;
  permissionChecker: PermissionChecker;
  /** Keto's list API: the viewer's tuples, whose objects are list candidates. */
  tupleLister: TupleLister;
  /** The API's grant tables read for one viewer: list candidates without a Keto round. */
  grantMirror(userId: string): GrantMirror;
  /** Distinct permission checks one request may make. */
  permissionCheckBudget: number;
  /** Whether lists may take answers from the viewer's listings in Keto (KETO_LISTING_ANSWERS). */
  listingAnswers: boolean;
  /** Revokes queued for Keto, which deny at once (read from the shared outbox table). */
  pendingRevocations: PendingRevocations;
  mirrorUser: UserMirror;
  outbox: Pick<OutboxDispatcher, "deliver">;
  directory: IdentityDirectory;
  cursorSealer: Sealer;
}

export function createContext(deps: ContextDependencies, request: Request): Context {
  const credential = credentialOf(request.headers, deps.sessionCookie);
  let viewer: Promise<Viewer | null> | undefined;
  let known: Viewer | null | undefined;
  let permissions: PermissionLoader | undefined;
  let grants: ViewerGrants | undefined;
  let mirror: GrantMirror | undefined;
  // The checks lists expect the viewer's own listing to answer (one viewer per request).
  const expectedListed = new PermissionMap<true>();
  // Every answer the loader has given, readable without a promise; replaced with the loader,
  // so a round still in flight when the cache is dropped cannot write into the new one.
  let answered = new PermissionMap<boolean>();
  const budget = createPermissionBudget(deps.permissionCheckBudget);
  // Kept only for a request that asked for an explanation (X-Authz-Explain).
  const trace = traceOf(request);
  // One loader per request, made on the first check (the viewer is known by then).
  const loaderFor = (userId: string) =>
    (permissions ??= createPermissionLoader({
      checker: deps.permissionChecker,
      userId,
      log: deps.log,
      revocations: deps.pendingRevocations,
      meter: ketoMeterFor(request),
      observer: trace?.observerFor(userId),
      listed: {
        expects: (permission) => expectedListed.has(permission),
        of: (namespace) => grantsOf(userId).answers(namespace),
      },
      answered,
    }));
  const grantsOf = (userId: string) =>
    (grants ??= viewerGrants(
      deps.tupleLister,
      userId,
      async () => (await context.grantMirror()).groupsJoined(),
      ketoMeterFor(request),
    ));

  const context: Context = {
    prisma: deps.prisma,
    log: deps.log,
    // Yoga copies the context's properties into its own object, so state lives in closures.
    knownViewer: () => known,
    viewer() {
      viewer ??= (
        credential
          ? deps.lookupSession(credential).then(async (session) => {
              if (!session) return null;
              const signedIn = viewerFromSession(session);
              await deps.mirrorUser(signedIn);
              return signedIn;
            })
          : Promise.resolve(null)
      ).then((resolved) => {
        known = resolved;
        return resolved;
      });
      return viewer;
    },
    can(permission) {
      // A page asks hundreds of checks: once the viewer is known, no await before the loader.
      const current = known;
      if (current === undefined) return context.viewer().then(() => context.can(permission));
      if (current === null) return Promise.resolve(false);
      try {
        budget.spend(permission);
      } catch (error) {
        return Promise.reject(error);
      }
      trace?.noteAsked(permission, current.id);
      return loaderFor(current.id).load(permission);
    },
    answered(permission) {
      const answer = answered.get(permission);
      // Read from the request's answers, it is asked all the same: an explanation lists it.
      if (answer !== undefined && trace && known) trace.noteAsked(permission, known.id);
      return answer;
    },
    warm(permission) {
      context.can(permission).catch(() => {});
    },
    async grantedObjects(namespace) {
      const current = await context.viewer();
      if (!current) return new Set();
      return grantsOf(current.id)
        .objects(namespace)
        .catch((error: unknown) => {
          deps.log.warn({ err: error, namespace }, "denied: Keto cannot list the viewer's tuples");
          throw authzUnavailable(error);
        });
    },
    expectListed(permission) {
      if (known && deps.listingAnswers) expectedListed.set(permission, true);
    },
    async grantMirror() {
      const current = await context.viewer();
      if (!current) throw unauthenticated();
      mirror ??= deps.grantMirror(current.id);
      return mirror;
    },
    subjectsOf(namespace, object, relation) {
      return deps.tupleLister.subjectsOf(namespace, object, relation).catch((error: unknown) => {
        deps.log.warn({ err: error, namespace, object, relation }, "Keto cannot list subjects");
        throw authzUnavailable(error);
      });
    },
    async deliverTupleChanges() {
      await deps.outbox.deliver();
      permissions = undefined;
      answered = new PermissionMap();
      grants = undefined;
      mirror = undefined;
      expectedListed.clear();
    },
    async rememberGranted(granted) {
      const current = await context.viewer();
      if (!current) return;
      const loader = loaderFor(current.id);
      for (const permission of granted) {
        loader.clear(permission).prime(permission, true);
        answered.set(permission, true);
      }
      trace?.notePrimed(granted, current.id);
    },
    explainRefusal(permission) {
      const current = known;
      if (trace && current) trace.noteRefused(permission, current.id);
    },
    directory: deps.directory,
    cursorSealer: deps.cursorSealer,
  };
  return context;
}
