import {
  type ASTVisitor,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * Refuses documents nested deeper than `maxDepth` fields before anything runs.
 * Connections make cycles easy (project → documents → project → …), and every
 * level multiplies the permission checks a response needs.
 */
export function useDepthLimit(maxDepth: number): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule((context: ValidationContext) => depthRule(context, maxDepth));
    },
  };
}

function depthRule(context: ValidationContext, maxDepth: number): ASTVisitor {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }

  const depthOf = (selectionSet: SelectionSetNode, seen: Set<string>): number => {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const below = selection.selectionSet ? depthOf(selection.selectionSet, seen) : 0;
        deepest = Math.max(deepest, 1 + below);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
      } else {
        const fragment = fragments.get(selection.name.value);
        // Unknown or cyclic spreads are reported by graphql's own rules.
        if (!fragment || seen.has(fragment.name.value)) continue;
        const inner = new Set(seen).add(fragment.name.value);
        deepest = Math.max(deepest, depthOf(fragment.selectionSet, inner));
      }
    }
    return deepest;
  };

  return {
    OperationDefinition(operation) {
      const depth = depthOf(operation.selectionSet, new Set());
      if (depth > maxDepth) {
        context.reportError(
          new GraphQLError(`Query is nested ${depth} levels deep; the limit is ${maxDepth}.`, {
            nodes: [operation],
            extensions: { code: "BAD_USER_INPUT" },
          }),
        );
      }
    },
  };
}
