import {
  type GraphQLNamedType,
  GraphQLObjectType,
  type GraphQLSchema,
  isIntrospectionType,
} from "graphql";

/**
 * Marks a type or root field as deliberately open, with the reason. It is the
 * only way past the deny-by-default lint below, so every exception is listed
 * in the code and greppable.
 */
export function publicAccess(reason: string) {
  return { extensions: { publicAccess: reason } };
}

interface PothosExtensions {
  publicAccess?: string;
  pothosOptions?: { authScopes?: unknown; grantScopes?: unknown };
}

function hasRule(extensions: unknown): boolean {
  const { publicAccess, pothosOptions } = (extensions ?? {}) as PothosExtensions;
  return Boolean(publicAccess || pothosOptions?.authScopes);
}

const relayPlumbing = new Set(["PageInfo"]);

function isPlumbing(type: GraphQLNamedType): boolean {
  return relayPlumbing.has(type.name) || /(Connection|Edge|Payload)$/.test(type.name);
}

/**
 * Lists what exposes data without declaring who may see it: root fields
 * without authScopes, and object types (other than the roots and Relay
 * plumbing) without type-level authScopes. Either may opt out with publicAccess.
 */
export function findUnprotected(schema: GraphQLSchema): string[] {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  const problems: string[] = [];
  for (const root of roots) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      if (!hasRule(field.extensions)) problems.push(`${root.name}.${field.name} has no rule`);
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || isIntrospectionType(type)) continue;
    if (roots.includes(type) || isPlumbing(type)) continue;
    if (!hasRule(type.extensions)) problems.push(`type ${type.name} has no rule`);
  }
  return problems;
}

/** Every declared exception, for review: `name: reason`. */
export function listPublicAccess(schema: GraphQLSchema): string[] {
  const found: string[] = [];
  const note = (name: string, extensions: unknown) => {
    const reason = (extensions as PothosExtensions | undefined)?.publicAccess;
    if (reason) found.push(`${name}: ${reason}`);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || isIntrospectionType(type)) continue;
    note(`type ${type.name}`, type.extensions);
    for (const field of Object.values(type.getFields())) {
      note(`${type.name}.${field.name}`, field.extensions);
    }
  }
  return found.sort();
}
