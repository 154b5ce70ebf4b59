import type { RequestListener } from "node:http";
import { createYoga } from "graphql-yoga";
import { type AppDependencies, createApp } from "../src/app.ts";
import type { PermissionChecker } from "../src/auth/keto.ts";
import { ketoSingleCheckChecker } from "../src/auth/keto.ts";
import { ketoMeterFor } from "../src/auth/keto-meter.ts";
import { userTuple } from "../src/auth/permissions.ts";
import { type Context, createContext } from "../src/context.ts";
import { authzUnavailable } from "../src/errors.ts";
import { useRequestLog } from "../src/http/request-log.ts";
import { schema } from "../src/schema/index.ts";
import {
  allowEverythingChecker,
  ketoListMirror,
  listsNothing,
  tableScanMirror,
} from "./designs.ts";

/** What the bench can send requests to: the real app or a bench-built variant of it. */
export interface BenchApp {
  fetch(url: string, init: RequestInit): Promise<Response> | Response;
  /** Node's request listener, for the runs over HTTP. */
  handle: RequestListener;
  dispose(): Promise<void> | void;
}

export const modeNames = ["batched", "naive", "off", "table-scan", "keto-list"] as const;
export type ModeName = (typeof modeNames)[number];

export const modeDescriptions: Record<ModeName, string> = {
  batched:
    "the server as shipped: candidates from the grant mirror beside Keto's listings of the viewer's tuples, which also settle the checks the viewer's own tuples grant and, when complete, those nothing listed could grant; per-request DataLoader, Keto batch checks in chunks of KETO_BATCH_SIZE (100)",
  naive:
    "no DataLoader: every can() is its own single Keto check, repeated checks asked again (bench-built Yoga, same schema, same candidates)",
  off: "BASELINE: every check allowed without Keto and nothing listed, so candidates come from the grant mirror alone (Kratos is still asked who the viewer is)",
  "table-scan":
    "DESIGN COMPARISON: every row of the table is a candidate, scanned newest first and checked in batches up to the 1,000-row scan bound (lists before the grant mirror), by today's page code, which also asks viewerCan permits for candidates it expects to show; the 2,000-check budget is lifted so it can finish",
  "keto-list":
    "DESIGN COMPARISON: candidates only from Keto's listing of the viewer's tuples: list, then check",
};

/**
 * Modes that may answer a short page with `hasNextPage: true`: the table scan
 * stops after 1,000 rows, wherever the visible ones are.
 */
export const scanBounded = (mode: ModeName) => mode === "table-scan";

export interface ModeInputs {
  /** The shipped dependencies. */
  deps: AppDependencies;
  ketoReadUrl: string;
  timeoutMs: number;
}

export function buildApp(mode: ModeName, inputs: ModeInputs): BenchApp {
  const { deps, ketoReadUrl, timeoutMs } = inputs;
  switch (mode) {
    case "batched":
      return createApp(deps);
    case "naive":
      return createNaiveApp(deps, ketoSingleCheckChecker({ ketoReadUrl, timeoutMs }));
    case "off":
      return createApp({
        ...deps,
        permissionChecker: allowEverythingChecker,
        tupleLister: listsNothing,
      });
    case "table-scan":
      return createApp({
        ...deps,
        grantMirror: () => tableScanMirror,
        tupleLister: listsNothing,
        // Today's page code asks the page's viewerCan permits with each batch's views, expecting
        // candidates to be visible; over the whole table that passes the 2,000-check budget.
        permissionCheckBudget: Number.POSITIVE_INFINITY,
      });
    case "keto-list":
      return createApp({ ...deps, grantMirror: () => ketoListMirror });
  }
}

/**
 * The same schema with a context whose `can()` skips the per-request
 * DataLoader: the shape of an API that checks field by field. The context
 * cannot be swapped through createApp, so this Yoga is built here, with the
 * app's request log (the bench reads its Keto meter) but without its CORS,
 * CSRF and limit plugins, which cost little next to hundreds of Keto calls.
 * Pothos scope-auth still caches identical scopes within a request, as it
 * would in any such API. Lists ask only each candidate's `view` (their
 * `warm()` ahead of the fields is a no-op here: there is no cache to fill).
 */
function createNaiveApp(deps: AppDependencies, checker: PermissionChecker): BenchApp {
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    graphiql: false,
    landingPage: false,
    logging: false,
    plugins: [useRequestLog(deps.log)],
    context: ({ request }) => {
      const context = createContext(deps, request);
      const meter = ketoMeterFor(request);
      // A round is what leaves in one tick, as the DataLoader would have batched it.
      let roundOpen = false;
      return {
        ...context,
        async can(permission) {
          const viewer = await context.viewer();
          if (!viewer) return false;
          meter.tuplesChecked += 1;
          if (!roundOpen) {
            roundOpen = true;
            meter.checkRounds += 1;
            Promise.resolve().then(() =>
              process.nextTick(() => {
                roundOpen = false;
              }),
            );
          }
          const [outcome] = await checker.check([userTuple(permission, viewer.id)]);
          if (outcome instanceof Error) throw authzUnavailable(outcome);
          return outcome;
        },
        // With no cache to fill, asking ahead would only add checks the fields ask again.
        warm() {},
      } satisfies Context;
    },
  });
}
