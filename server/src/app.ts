import { createYoga } from "graphql-yoga";
import type { DenialExplainer } from "./auth/keto-expand.ts";
import type { ShadowChecks } from "./auth/keto-shadow.ts";
import { permission } from "./auth/vocabulary.ts";
import type { Config } from "./config.ts";
import { type Context, type ContextDependencies, createContext } from "./context.ts";
import { useAuthorizationExplain } from "./http/authorization-explain.ts";
import { type ClientAssetsOptions, useClientAssets } from "./http/client-assets.ts";
import { corsForListedOrigins, useVaryOnOrigin } from "./http/cors.ts";
import { useCookieCsrfPrevention } from "./http/csrf.ts";
import { useErrorShape } from "./http/error-shape.ts";
import { useGraphiQLPage } from "./http/graphiql.ts";
import { type HealthChecks, useHealthEndpoints } from "./http/health.ts";
import { useLoadShedding } from "./http/load-shedding.ts";
import { useQueryLimits } from "./http/query-limits.ts";
import { useRequestLog } from "./http/request-log.ts";
import { useStrictTransportSecurity } from "./http/strict-transport-security.ts";
import {
  type IntegratorCheck,
  useSchemaExplorationFor,
  useTrustedDocuments,
} from "./http/trusted-documents.ts";
import { requestLimits } from "./limits.ts";
import { schema } from "./schema/index.ts";
import { canSeeHolders } from "./schema/visibility.ts";

export interface AppDependencies extends ContextDependencies {
  config: Pick<
    Config,
    | "CORS_ORIGINS"
    | "NODE_ENV"
    | "MAX_CONCURRENT_REQUESTS"
    | "MAX_QUEUED_REQUESTS"
    | "REQUEST_QUEUE_TIMEOUT_MS"
    | "GRAPHIQL"
    | "TRUST_FORWARDED_PROTO"
  >;
  health: HealthChecks;
  /** Reads Keto's expand trees for requests that ask why they were denied (X-Authz-Explain). */
  denialExplainer: DenialExplainer;
  /** The shadow Keto's comparisons, when KETO_SHADOW_READ_URL is set: counted in the request log. */
  shadowChecks?: ShadowChecks;
  /** The built browser client to serve; absent, the API serves GraphQL and health only. */
  client?: ClientAssetsOptions;
}

/** The HTTP application: GraphQL at /graphql, health endpoints, and the browser client. */
export function createApp(deps: AppDependencies) {
  // Plugins that decide before execution (trusted documents, introspection) ask about the
  // viewer through the same context the resolvers get, so a request looks its session up once.
  const contexts = new WeakMap<Request, Context>();
  const contextFor = (request: Request) => {
    let context = contexts.get(request);
    if (!context) {
      context = createContext(deps, request);
      contexts.set(request, context);
    }
    return context;
  };
  // Operation text is run for integrators only; when Ory cannot say whether the viewer is
  // one, the request is told that (AUTHZ_UNAVAILABLE), not that only persisted operations run.
  const mayRunOwnOperations: IntegratorCheck = (request) =>
    contextFor(request).can(permission("App", "graphiql", "use"));
  // Elsewhere (introspection, suggestions, explanations) a failed check only withholds.
  const isIntegrator: IntegratorCheck = (request) =>
    mayRunOwnOperations(request).catch((error: unknown) => {
      // Fails closed: without Ory's answer the viewer gets what every viewer gets.
      deps.log.warn({ err: error }, "not treated as an integrator: the check failed");
      return false;
    });
  const production = deps.config.NODE_ENV === "production";

  return createYoga({
    schema,
    context: ({ request }) => contextFor(request),
    graphqlEndpoint: "/graphql",
    // Yoga's own GraphiQL page loads its code from a CDN; ours is part of the client build
    // (useGraphiQLPage below), so it works offline and under the client's CSP.
    graphiql: false,
    landingPage: false,
    // Larger bodies are refused with 413 REQUEST_ENTITY_TOO_LARGE, even when streamed
    // without a Content-Length. Batching stays off: one operation per request.
    maxRequestBodySize: requestLimits.maxBodyBytes,
    batching: false,
    logging: deps.log,
    maskedErrors: { isDev: deps.config.NODE_ENV === "development" },
    cors: corsForListedOrigins(deps.config.CORS_ORIGINS),
    plugins: [
      useStrictTransportSecurity({ trustForwardedProto: deps.config.TRUST_FORWARDED_PROTO }),
      useHealthEndpoints(deps.health),
      useRequestLog(deps.log, deps.shadowChecks),
      useCookieCsrfPrevention(),
      useQueryLimits(requestLimits),
      // Production runs the client's own operations, known by hash, and integrators' too;
      // development and tests take any operation (docs/decisions/0019-trusted-documents.md).
      useTrustedDocuments(production ? mayRunOwnOperations : true),
      // Why a check was denied, for whoever debugs access: in production, integrators only,
      // and only as far as they may see.
      useAuthorizationExplain({
        audience: production
          ? {
              allowed: isIntegrator,
              visibilityFor: (request) => (namespace, object) =>
                canSeeHolders(contextFor(request), namespace, object),
            }
          : "anyone",
        explainer: deps.denialExplainer,
      }),
      ...(production ? useSchemaExplorationFor(isIntegrator) : []),
      // GraphiQL sends the browser's cookies, so integrators can explore as themselves. In
      // production only integrators get its docs: introspection is theirs alone.
      // Production leaves it off unless GRAPHIQL=true: a deployment's users have the client,
      // not a schema explorer. It is part of the client build, so it needs the client.
      ...(deps.client && deps.config.GRAPHIQL ? [useGraphiQLPage(deps.client)] : []),
      ...(deps.client ? [useClientAssets(deps.client)] : []),
      useVaryOnOrigin(),
      useErrorShape(),
      useLoadShedding(
        {
          maxConcurrent: deps.config.MAX_CONCURRENT_REQUESTS,
          maxQueued: deps.config.MAX_QUEUED_REQUESTS,
          maxWaitMs: deps.config.REQUEST_QUEUE_TIMEOUT_MS,
        },
        deps.log,
      ),
    ],
  });
}

export type App = ReturnType<typeof createApp>;
