import type { RequestListener } from "node:http";
import { createYoga } from "graphql-yoga";
import { type AppDependencies, createApp } from "../src/app.ts";
import type { PermissionChecker } from "../src/auth/keto.ts";
import { ketoSingleCheckChecker } from "../src/auth/keto.ts";
import { userTuple } from "../src/auth/permissions.ts";
import { type Context, createContext } from "../src/context.ts";
import { authzUnavailable } from "../src/errors.ts";
import { schema } from "../src/schema/index.ts";
import { allowEverythingChecker } from "./checkers.ts";

/** What the bench can send requests to: the real app or a bench-built variant of it. */
export interface BenchApp {
  fetch(url: string, init: RequestInit): Promise<Response> | Response;
  /** Node's request listener, for the runs over HTTP. */
  handle: RequestListener;
  dispose(): Promise<void> | void;
}

export const modeNames = ["batched", "single", "naive", "off"] as const;
export type ModeName = (typeof modeNames)[number];

export const modeDescriptions: Record<ModeName, string> = {
  batched:
    "the server as shipped: per-request DataLoader (dedupe + cache), Keto batch check in chunks of 10",
  single:
    "the shipped app and DataLoader, but one single check per distinct tuple (no batch endpoint)",
  naive:
    "no DataLoader: every can() is its own single Keto check, repeated checks asked again (bench-built Yoga, same schema)",
  off: "BASELINE: authorization off, every check allowed without Keto (Kratos still asked who the viewer is)",
};

export interface ModeInputs {
  deps: AppDependencies;
  ketoReadUrl: string;
  timeoutMs: number;
}

export function buildApp(mode: ModeName, inputs: ModeInputs): BenchApp {
  const { deps, ketoReadUrl, timeoutMs } = inputs;
  switch (mode) {
    case "batched":
      return createApp(deps);
    case "single":
      return createApp({
        ...deps,
        permissionChecker: ketoSingleCheckChecker({ ketoReadUrl, timeoutMs }),
      });
    case "naive":
      return createNaiveApp(deps, ketoSingleCheckChecker({ ketoReadUrl, timeoutMs }));
    case "off":
      return createApp({ ...deps, permissionChecker: allowEverythingChecker });
  }
}

/**
 * The same schema with a context whose `can()` skips the per-request
 * DataLoader: the shape of an API that checks field by field. The context
 * cannot be swapped through createApp, so this Yoga is built here; it leaves
 * out the app's CORS, CSRF and request-log plugins, which cost little next
 * to hundreds of Keto calls. Pothos scope-auth still caches identical scopes
 * within a request, as it would in any such API.
 */
function createNaiveApp(deps: AppDependencies, checker: PermissionChecker): BenchApp {
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    graphiql: false,
    landingPage: false,
    logging: false,
    context: ({ request }) => {
      const context = createContext(deps, request);
      return {
        ...context,
        async can(permission) {
          const viewer = await context.viewer();
          if (!viewer) return false;
          const [outcome] = await checker.check([userTuple(permission, viewer.id)]);
          if (outcome instanceof Error) throw authzUnavailable(outcome);
          return outcome;
        },
      } satisfies Context;
    },
  });
}
