import { type Credential, credentialOf, type SessionLookup } from "./auth/session.ts";
import { type Viewer, viewerFromSession } from "./auth/viewer.ts";
import type { PrismaClient } from "./db/client.ts";
import type { Logger } from "./log.ts";

/** What every resolver gets: the data layer and lazy, per-request identity. */
export interface Context {
  prisma: PrismaClient;
  log: Logger;
  /** Who is asking; resolved on first use, at most one Kratos call per request. */
  viewer(): Promise<Viewer | null>;
}

export interface ContextDependencies {
  prisma: PrismaClient;
  log: Logger;
  lookupSession: SessionLookup;
}

export function createContext(deps: ContextDependencies, request: Request): Context {
  const credential: Credential | null = credentialOf(request.headers);
  let viewer: Promise<Viewer | null> | undefined;
  return {
    prisma: deps.prisma,
    log: deps.log,
    viewer() {
      viewer ??= credential
        ? deps.lookupSession(credential).then((session) => session && viewerFromSession(session))
        : Promise.resolve(null);
      return viewer;
    },
  };
}
