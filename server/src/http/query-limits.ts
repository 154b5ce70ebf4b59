import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import {
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
  validate,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import { queryTooComplex } from "../errors.ts";
import type { requestLimits } from "../limits.ts";
import { queryCostRule } from "./query-cost.ts";

export type QueryLimits = Omit<typeof requestLimits, "maxBodyBytes">;

/** graphql-armor words its refusals as syntax errors; ours say what was too much. */
const withoutPrefix = (error: GraphQLError) => error.message.replace(/^Syntax Error: /, "");

/**
 * The document limits checked after parsing: aliases, directives and depth
 * (graphql-armor) and estimated cost (ours). Each takes time linear in the
 * document: fragments are measured once and reused wherever they are spread.
 */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  const refuse = (context: ValidationContext | null, error: GraphQLError) =>
    context?.reportError(queryTooComplex(withoutPrefix(error)));
  const reported = { propagateOnRejection: false, onReject: [refuse] };
  return [
    maxAliasesRule({ n: limits.maxAliases, ...reported }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reported }),
    // Fragments do not nest fields, so they add no depth. Introspection is left to
    // graphql's own MaxIntrospectionDepthRule: its type references nest 15 deep.
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ...reported }),
    queryCostRule({
      ...limits,
      onExceeded: (context, cost) =>
        context.reportError(
          queryTooComplex(`estimated cost ${cost} exceeds the limit of ${limits.maxCost}.`),
        ),
    }),
  ];
}

/**
 * Refuses documents that are too large or too complex with QUERY_TOO_COMPLEX
 * before any of graphql's own validation runs: tokens are counted while
 * parsing, so a larger document is never fully read, and the other limits are
 * checked before the specified rules, one of which (field merging) is
 * quadratic in repeated fields.
 */
export function useQueryLimits(limits: QueryLimits): Plugin {
  const rules = queryLimitRules(limits);
  const tokens = maxTokensPlugin({
    n: limits.maxTokens,
    propagateOnRejection: false,
    onReject: [
      (_context, error) => {
        throw queryTooComplex(withoutPrefix(error));
      },
    ],
  });
  // The rules read only the document and the schema, and Yoga's parser cache hands back the
  // same document for the same query text, so each document is measured once, not per request.
  const verdicts = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, readonly GraphQLError[]>>();
  const refusalsOf = (schema: GraphQLSchema, document: DocumentNode) => {
    let bySchema = verdicts.get(schema);
    if (!bySchema) {
      bySchema = new WeakMap();
      verdicts.set(schema, bySchema);
    }
    let refused = bySchema.get(document);
    if (!refused) {
      refused = validate(schema, document, rules);
      bySchema.set(document, refused);
    }
    return refused;
  };
  return {
    onParse: tokens.onParse,
    onValidate({ params, setResult }) {
      const refused = refusalsOf(params.schema, params.documentAST);
      if (refused.length > 0) setResult([...refused]);
    },
  };
}
