import type { ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";
import { EXPLAIN_HEADER, startTrace, traceOf } from "../auth/explain.ts";
import type { ObjectVisibility } from "../auth/explain-trees.ts";
import type { DenialExplainer } from "../auth/keto-expand.ts";
import { ketoMeterFor } from "../auth/keto-meter.ts";
import type { IntegratorCheck } from "./trusted-documents.ts";

/** Denials expanded per request at most; the rest are counted, so an explanation stays small. */
const MAX_EXPLAINED_DENIALS = 20;

/** Who may ask for an explanation, and how much of Keto's trees they see. */
export type ExplainAudience =
  /** Outside production: anyone, with Keto's trees in full (development data). */
  | "anyone"
  | {
      /** In production: integrators (`App:graphiql#use`). */
      allowed: IntegratorCheck;
      /** What the request's viewer may see: the trees are pruned to it. */
      visibilityFor(request: Request): ObjectVisibility;
    };

/**
 * `X-Authz-Explain: 1` adds `extensions.authorization` to the response: every
 * permission check the request asked, once each, with its answer, where the
 * answer came from, its Keto round and time; and, for each denial that became
 * FORBIDDEN or hid something, Keto's expand trees around the object asked about
 * (auth/keto-expand.ts), capped in size (auth/explain-trees.ts). Outside production
 * anyone may ask and sees the trees in full; in production only integrators, who see
 * no tree for what was hidden from them and FORBIDDEN trees pruned to what they may
 * see. For anyone else the header costs the integrator check and changes nothing.
 * The trees are read after the data is complete, so they delay this response only,
 * never change its answers, and cost nothing to a request that did not ask
 * (docs/decisions/0029-authorization-explain-and-shadow-checks.md).
 */
export function useAuthorizationExplain(options: {
  audience: ExplainAudience;
  explainer: DenialExplainer;
}): Plugin {
  const { audience } = options;
  return {
    onRequest({ request }) {
      // Kept from the start, since the checks happen before anyone knows the viewer.
      if (request.headers.get(EXPLAIN_HEADER) === "1") startTrace(request);
    },
    async onResultProcess({ request, result, setResult }) {
      const trace = traceOf(request);
      // Batches and streams are not explained: the API answers one operation at a time.
      if (!trace || Array.isArray(result) || Symbol.asyncIterator in Object(result)) return;
      if (audience !== "anyone" && !(await audience.allowed(request))) return;
      const denials = trace.denials();
      const explained = denials.slice(0, MAX_EXPLAINED_DENIALS);
      const rounds = trace.roundCount;
      const checks = trace.checks();
      const expanded =
        explained.length > 0
          ? await options.explainer.explain(explained, {
              meter: ketoMeterFor(request),
              mayInspect: audience === "anyone" ? undefined : audience.visibilityFor(request),
            })
          : [];
      const single = result as ExecutionResult;
      setResult({
        ...single,
        extensions: {
          ...single.extensions,
          authorization: {
            rounds,
            checks,
            denials: expanded,
            ...(denials.length > explained.length
              ? { denialsNotExpanded: denials.length - explained.length }
              : {}),
          },
        },
      });
    },
  };
}
