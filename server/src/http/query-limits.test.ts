import * as operations from "@app/client/operations";
import {
  type DocumentNode,
  type GraphQLError,
  getIntrospectionQuery,
  Kind,
  parse,
  print,
  specifiedRules,
  validate,
} from "graphql";
import { describe, expect, it } from "vitest";
import { requestLimits } from "../limits.ts";
import { schema } from "../schema/index.ts";
import { queryLimitRules } from "./query-limits.ts";

/** What the browser client sends, and what GraphiQL asks to build its docs. */
const legitimate: [string, string][] = [
  ...Object.entries(operations)
    .filter((entry): entry is [string, DocumentNode] => {
      const value = entry[1] as Partial<DocumentNode>;
      return !!value?.definitions?.some((node) => node.kind === Kind.OPERATION_DEFINITION);
    })
    .map(([name, document]): [string, string] => [name, print(document)]),
  [
    "GraphiQL introspection",
    getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    }),
  ],
];

const halved = Object.fromEntries(
  Object.entries(requestLimits).map(([name, value]) => [name, Math.floor(value / 2)]),
) as unknown as typeof requestLimits;

function refusals(source: string, limits = requestLimits): readonly GraphQLError[] {
  const document = parse(source, { maxTokens: limits.maxTokens });
  return validate(schema, document, queryLimitRules(limits));
}

describe("query limits", () => {
  it("leave every client operation and GraphiQL's introspection at least twice their size", () => {
    expect(legitimate.length).toBeGreaterThan(10);
    for (const [name, source] of legitimate) {
      const errors = refusals(source, {
        ...halved,
        // Page sizes are what the estimate assumes, not limits to halve.
        defaultPageSize: requestLimits.defaultPageSize,
        maxPageSize: requestLimits.maxPageSize,
      });
      expect({ name, errors: errors.map((error) => error.message) }).toEqual({ name, errors: [] });
      // The documents are valid in the first place, so the check above is about limits.
      expect(validate(schema, parse(source), specifiedRules)).toEqual([]);
    }
  });

  it.each([
    ["aliases", `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: viewer { id }`).join(" ")} }`],
    ["directives", `{ ${"__typename @skip(if: false) ".repeat(26)} }`],
    [
      "depth",
      `{ viewer { id } ${"project(id: 1) { documents { edges { node { ".repeat(4)}id${" } } } }".repeat(4)} }`,
    ],
    [
      "cost",
      `{ projects(first: 100) { edges { node { documents(first: 100) { edges { node { id } } } } } } }`,
    ],
    [
      "cost with page sizes in variables",
      `query($n: Int) { a: projects(first: $n) { edges { node { documents(first: $n) { edges { node { id } } } } } } }`,
    ],
    [
      "cost of ids",
      `query($ids: [ID!]!) { nodes(ids: $ids) { id } b: nodes(ids: $ids) { id } c: nodes(ids: $ids) { ... on Project { documents(first: 30) { edges { node { id } } } } } }`,
    ],
  ])("refuse too many %s with QUERY_TOO_COMPLEX", (_limit, source) => {
    const errors = refusals(source);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((error) => error.extensions.code)).toEqual(
      errors.map(() => "QUERY_TOO_COMPLEX"),
    );
  });

  it("count a fragment every time it is spread, and measure it only once", () => {
    // 40 levels, each spreading both fragments of the next: 2^40 paths, 82 fragments.
    const levels = 40;
    const fragments = Array.from(
      { length: levels },
      (_, i) =>
        `fragment A${i} on Query { ...A${i + 1} ...B${i + 1} } fragment B${i} on Query { ...A${i + 1} ...B${i + 1} }`,
    ).join(" ");
    const source = `{ ...A0 } ${fragments} fragment A${levels} on Query { viewer { id } } fragment B${levels} on Query { viewer { id } }`;
    // Larger than the token limit allows: the rules must be linear on their own.
    const [error] = validate(schema, parse(source), queryLimitRules(requestLimits));
    expect(error.extensions.code).toBe("QUERY_TOO_COMPLEX");
    expect(error.message).toMatch(/estimated cost \d+ exceeds the limit of 5000/);
  });

  it("refuse fields nested through fragments past the depth limit", () => {
    const levels = 13;
    const fragments = Array.from(
      { length: levels },
      (_, i) =>
        `fragment P${i} on Project { id documents(first: 1) { edges { node { project { ...P${i + 1} } } } } }`,
    ).join(" ");
    const source = `{ project(id: 1) { ...P0 } } ${fragments} fragment P${levels} on Project { id }`;
    const messages = refusals(source).map((error) => error.message);
    expect(messages).toContainEqual(expect.stringMatching(/depth limit of 12 exceeded/));
  });
});
