import {
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from "graphql";

export interface QueryCostOptions {
  maxCost: number;
  /** Items a connection returns when the query gives no `first`/`last`. */
  defaultPageSize: number;
  /** The most a connection returns: assumed when `first`/`last` is a variable. */
  maxPageSize: number;
  /** The most ids `nodes(ids:)` takes: assumed when the list is a variable. */
  maxNodeIds: number;
  onExceeded(context: ValidationContext, cost: number): void;
}

/**
 * Estimates how many objects an operation may resolve: every field counts one,
 * times the size of each list above it. Sizes are known before execution:
 * `first`/`last` of a connection (the page-size ceiling when it is a variable,
 * the default when absent) and the length of `nodes(ids:)` (the id ceiling when it is a variable). Other lists count
 * as one item; they are bounded by the data, and by the permission-check budget
 * at run time.
 *
 * Each fragment's cost is computed once and reused wherever it is spread, so
 * the estimate takes time linear in the document, however fragments nest.
 */
export function queryCostRule(options: QueryCostOptions) {
  return (context: ValidationContext): ASTVisitor => {
    const fragmentCosts = new Map<string, number>();

    const costOfFragment = (fragment: FragmentDefinitionNode): number => {
      const name = fragment.name.value;
      const known = fragmentCosts.get(name);
      if (known !== undefined) return known;
      // A cycle costs nothing here; graphql's NoFragmentCycles rule refuses it.
      fragmentCosts.set(name, 0);
      const type = context.getSchema().getType(fragment.typeCondition.name.value);
      const cost = costOf(fragment.selectionSet, type);
      fragmentCosts.set(name, cost);
      return cost;
    };

    const costOf = (
      selectionSet: SelectionSetNode,
      parentType: GraphQLNamedType | undefined,
    ): number => {
      let total = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          const field = fieldOf(parentType, selection.name.value);
          const below = selection.selectionSet
            ? costOf(selection.selectionSet, field && getNamedType(field.type))
            : 0;
          total += 1 + listSize(selection, field) * below;
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const condition = selection.typeCondition?.name.value;
          const type = condition ? context.getSchema().getType(condition) : parentType;
          total += costOf(selection.selectionSet, type);
        } else {
          const fragment = context.getFragment(selection.name.value);
          // Unknown fragments are reported by graphql's own rules.
          if (fragment) total += costOfFragment(fragment);
        }
      }
      return total;
    };

    const listSize = (node: FieldNode, field: GraphQLField<unknown, unknown> | undefined) => {
      const argument = (name: string) => node.arguments?.find((arg) => arg.name.value === name);
      if (field?.args.some((arg) => arg.name === "ids")) {
        const ids = argument("ids")?.value;
        return ids?.kind === Kind.LIST ? ids.values.length : options.maxNodeIds;
      }
      const isConnection = field?.args.some((arg) => arg.name === "first" || arg.name === "last");
      if (!isConnection) return 1;
      const size = argument("first")?.value ?? argument("last")?.value;
      return size ? pageSizeOf(size) : options.defaultPageSize;
    };

    const pageSizeOf = (value: ValueNode) =>
      value.kind === Kind.INT
        ? // Out-of-range sizes are refused when the field runs; the estimate stays bounded.
          Math.min(Math.max(Number.parseInt(value.value, 10), 1), options.maxPageSize)
        : options.maxPageSize;

    return {
      OperationDefinition(operation) {
        const rootType = context.getSchema().getRootType(operation.operation) ?? undefined;
        const cost = costOf(operation.selectionSet, rootType);
        if (cost > options.maxCost) options.onExceeded(context, cost);
        return false;
      },
    };
  };
}

function fieldOf(type: GraphQLNamedType | undefined, name: string) {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
}
