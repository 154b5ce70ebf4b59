import type { ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";
import { EXPLAIN_HEADER, startTrace, traceOf } from "../auth/explain.ts";
import type { DenialExplainer } from "../auth/keto-expand.ts";
import type { IntegratorCheck } from "./trusted-documents.ts";

/** Denials expanded per request at most; the rest are counted, so an explanation stays small. */
const MAX_EXPLAINED_DENIALS = 20;

/**
 * `X-Authz-Explain: 1` adds `extensions.authorization` to the response: every
 * permission check the request asked, once each, with its answer, where the
 * answer came from, its Keto round and time; and, for each denial that became
 * FORBIDDEN or hid something, Keto's expand trees around the object asked about
 * (auth/keto-expand.ts). Outside production anyone may ask; in production only
 * viewers Keto allows `App:graphiql#use` (`allowed`), and for anyone else the
 * header changes nothing. The trees are read after the data is complete, so they
 * delay this response only, never change its answers, and cost nothing to a
 * request that did not ask (docs/decisions/0029-authorization-explain-and-shadow-checks.md).
 */
export function useAuthorizationExplain(options: {
  allowed: true | IntegratorCheck;
  explainer: DenialExplainer;
}): Plugin {
  return {
    onRequest({ request }) {
      // Kept from the start, since the checks happen before anyone knows the viewer.
      if (request.headers.get(EXPLAIN_HEADER) === "1") startTrace(request);
    },
    async onResultProcess({ request, result, setResult }) {
      const trace = traceOf(request);
      // Batches and streams are not explained: the API answers one operation at a time.
      if (!trace || Array.isArray(result) || Symbol.asyncIterator in Object(result)) return;
      if (options.allowed !== true && !(await options.allowed(request))) return;
      const denials = trace.denials();
      const explained = denials.slice(0, MAX_EXPLAINED_DENIALS);
      const single = result as ExecutionResult;
      setResult({
        ...single,
        extensions: {
          ...single.extensions,
          authorization: {
            rounds: trace.roundCount,
            checks: trace.checks(),
            denials: explained.length > 0 ? await options.explainer.explain(explained) : [],
            ...(denials.length > explained.length
              ? { denialsNotExpanded: denials.length - explained.length }
              : {}),
          },
        },
      });
    },
  };
}
