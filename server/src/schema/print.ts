import { writeFileSync } from "node:fs";
import path from "node:path";
import { printSchema } from "graphql";
import { repoRoot } from "../config.ts";
import { schema } from "./index.ts";

/** The contract clients build against; committed, and a test fails when it is stale. */
export const schemaFile = path.join(repoRoot, "schema.graphql");

export function printedSchema(): string {
  return `${printSchema(schema)}\n`;
}

if (process.argv[1] === import.meta.filename) {
  writeFileSync(schemaFile, printedSchema());
  console.log(`wrote ${path.relative(process.cwd(), schemaFile)}`);
}
