import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { printedSchema, schemaFile } from "./print.ts";

it("schema.graphql is up to date (run `npm run schema:print`)", () => {
  expect(readFileSync(schemaFile, "utf8")).toBe(printedSchema());
});
