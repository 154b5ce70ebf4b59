import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from "graphql";

/**
 * The names of the fields a request selects at `path` below the field being
 * resolved (e.g. ["edges", "node", "viewerCan"] below a connection), through
 * fragments and inline fragments alike. `@skip`/`@include` are not evaluated:
 * callers use this to ask ahead for work the selection may need, and asking
 * for a little more than it needs is harmless.
 */
export function selectedFieldsAt(info: GraphQLResolveInfo, path: string[]): Set<string> {
  let level: FieldNode[] = [...info.fieldNodes];
  for (const name of path) {
    level = level.flatMap((node) =>
      fieldsOf(info, node.selectionSet).filter((field) => field.name.value === name),
    );
  }
  return new Set(
    level.flatMap((node) => fieldsOf(info, node.selectionSet).map((field) => field.name.value)),
  );
}

function fieldsOf(
  info: GraphQLResolveInfo,
  selectionSet: SelectionSetNode | undefined,
): FieldNode[] {
  if (!selectionSet) return [];
  return selectionSet.selections.flatMap((selection): FieldNode[] => {
    if (selection.kind === "Field") return [selection];
    if (selection.kind === "InlineFragment") return fieldsOf(info, selection.selectionSet);
    return fieldsOf(info, info.fragments[selection.name.value]?.selectionSet);
  });
}
