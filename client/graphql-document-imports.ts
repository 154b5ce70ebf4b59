import type { PluginObj } from "@babel/core";
import babel from "@rolldown/plugin-babel";
import { type DocumentNode, parse } from "graphql";
import type { Plugin } from "vite";
import * as generated from "./src/gql/graphql.ts";

const gqlTagName = "graphql";

/**
 * In the build, each `graphql(...)` call in the app's source becomes the document codegen
 * generated for it, written out in place. Through codegen's `graphql()` every page would load
 * its map of all documents; codegen's own Babel plugin imports each document from
 * src/gql/graphql.ts instead, but a module is never split between chunks, so the first page
 * would still carry every page's operations (docs/decisions/0028-bundle-budget.md). The dev
 * server and the tests keep `graphql()`, which returns the very same objects.
 */
export async function graphqlDocumentImports(): Promise<Plugin> {
  // Typed with its own copy of rolldown's Plugin, which differs from Vite's in details only.
  const plugin = (await babel({
    include: /[\\/]src[\\/].*\.tsx?$/,
    exclude: /[\\/]src[\\/]gql[\\/]/,
    plugins: [inlineGeneratedDocuments],
  })) as Plugin;
  plugin.apply = "build";
  return plugin;
}

/** Codegen's documents by what they define first: `OperationDefinition:Viewer`, `FragmentDefinition:Pager`. */
const documents = new Map(
  Object.values(generated as Record<string, unknown>)
    .filter((value): value is DocumentNode => (value as DocumentNode)?.kind === "Document")
    .map((document) => [definitionKey(document), document]),
);

function definitionKey(document: DocumentNode) {
  const [first] = document.definitions;
  const name = "name" in first ? first.name?.value : undefined;
  return `${first.kind}:${name}`;
}

function inlineGeneratedDocuments({ types }: typeof import("@babel/core")): PluginObj {
  return {
    name: "inline-generated-documents",
    visitor: {
      CallExpression(call) {
        const { callee, arguments: args } = call.node;
        if (callee.type !== "Identifier" || callee.name !== gqlTagName) return;
        const [source] = args;
        if (source?.type !== "TemplateLiteral" || source.expressions.length > 0) return;
        const key = definitionKey(parse(source.quasis[0].value.cooked ?? ""));
        const document = documents.get(key);
        if (!document) {
          throw call.buildCodeFrameError(
            `No generated document for ${key}: run \`npm run codegen\``,
          );
        }
        call.replaceWith(types.valueToNode(document));
      },
    },
  };
}
