import { randomBytes } from "node:crypto";
import type { AppDependencies } from "./app.ts";
import { kratosDirectory } from "./auth/directory.ts";
import { ketoPermissionChecker } from "./auth/keto.ts";
import { ketoDenialExplainer } from "./auth/keto-expand.ts";
import { withShadowChecks } from "./auth/keto-shadow.ts";
import { ketoTupleLister } from "./auth/keto-tuples.ts";
import { pendingRevocations } from "./auth/pending-revocations.ts";
import { kratosSessionLookup } from "./auth/session.ts";
import { cachedSessionLookup } from "./auth/session-cache.ts";
import { createUserMirror } from "./auth/user-mirror.ts";
import type { Config, OryUrls } from "./config.ts";
import type { ContextDependencies } from "./context.ts";
import type { Database } from "./db/client.ts";
import { grantMirror } from "./domain/grant-mirror.ts";
import { claimInvitations } from "./domain/sharing.ts";
import type { Logger } from "./log.ts";
import { createOutboxDispatcher } from "./outbox/outbox.ts";
import { everyoneGroup, insert, user } from "./outbox/tuples.ts";
import { createSealer } from "./seal.ts";

/** New users join Group:everyone, whose members the seed lets read the welcome page. */
const joinEveryone = (userId: string) => [insert("Group", everyoneGroup, "members", user(userId))];

/**
 * The configured cursor secret, or (outside production, where config requires
 * one) a key made now: cursors then last as long as this process.
 */
function cursorSecret(secret: string | undefined, log: Logger): string {
  if (secret) return secret;
  log.warn(
    "CURSOR_SECRET is unset: page cursors are sealed with a key made at start-up, so they stop working after a restart and on other replicas",
  );
  return randomBytes(32).toString("base64");
}

/** The long-lived collaborators every request's context is built from. */
export function createServices(options: {
  config: Pick<
    Config,
    | "ORY_TIMEOUT_MS"
    | "KETO_BATCH_SIZE"
    | "SESSION_CACHE_TTL_MS"
    | "SESSION_CACHE_MAX_ENTRIES"
    | "NEW_USERS_READ_HOMEPAGE"
    | "KRATOS_SESSION_COOKIE"
    | "AUTHZ_CHECK_BUDGET"
    | "KETO_LISTING_ANSWERS"
    | "OUTBOX_MAX_ATTEMPTS"
    | "CURSOR_SECRET"
    | "KETO_SHADOW_READ_URL"
  >;
  log: Logger;
  db: Database;
  ory: OryUrls;
}) {
  const { config, log, db, ory } = options;
  const kratosLookup = kratosSessionLookup(ory.kratosPublic, config.ORY_TIMEOUT_MS, log);
  const outbox = createOutboxDispatcher({
    db,
    ketoWriteUrl: ory.ketoWrite,
    apiKey: ory.apiKey,
    timeoutMs: config.ORY_TIMEOUT_MS,
    maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
    log,
  });
  const checkerOptions = {
    batchSize: config.KETO_BATCH_SIZE,
    timeoutMs: config.ORY_TIMEOUT_MS,
    log,
  };
  const realChecker = ketoPermissionChecker({
    ...checkerOptions,
    ketoReadUrl: ory.ketoRead,
    apiKey: ory.apiKey,
  });
  // The shadow is another deployment (a candidate model), so Ory Network's key is not sent there.
  const shadowedChecker = config.KETO_SHADOW_READ_URL
    ? withShadowChecks(
        realChecker,
        ketoPermissionChecker({ ...checkerOptions, ketoReadUrl: config.KETO_SHADOW_READ_URL }),
        log,
      )
    : undefined;
  return {
    prisma: db.prisma,
    log,
    sessionCookie: config.KRATOS_SESSION_COOKIE,
    lookupSession:
      config.SESSION_CACHE_TTL_MS > 0
        ? cachedSessionLookup(kratosLookup, {
            ttlMs: config.SESSION_CACHE_TTL_MS,
            maxEntries: config.SESSION_CACHE_MAX_ENTRIES,
          })
        : kratosLookup,
    mirrorUser: createUserMirror(db.prisma, {
      welcomeTuples: config.NEW_USERS_READ_HOMEPAGE ? joinEveryone : undefined,
      claimInvitations,
      deliver: outbox.deliver,
    }),
    permissionChecker: shadowedChecker ?? realChecker,
    shadowChecks: shadowedChecker?.shadow,
    denialExplainer: ketoDenialExplainer({
      ketoReadUrl: ory.ketoRead,
      timeoutMs: config.ORY_TIMEOUT_MS,
      apiKey: ory.apiKey,
    }),
    tupleLister: ketoTupleLister({
      ketoReadUrl: ory.ketoRead,
      timeoutMs: config.ORY_TIMEOUT_MS,
      log,
      apiKey: ory.apiKey,
    }),
    grantMirror: (userId: string) => grantMirror(db.prisma, userId),
    permissionCheckBudget: config.AUTHZ_CHECK_BUDGET,
    listingAnswers: config.KETO_LISTING_ANSWERS,
    pendingRevocations: pendingRevocations(db.prisma),
    directory: kratosDirectory(ory.kratosAdmin, config.ORY_TIMEOUT_MS, ory.apiKey),
    outbox,
    cursorSealer: createSealer(cursorSecret(config.CURSOR_SECRET, log), "list cursor"),
  } satisfies ContextDependencies & Pick<AppDependencies, "denialExplainer" | "shadowChecks">;
}

export type Services = ReturnType<typeof createServices>;
