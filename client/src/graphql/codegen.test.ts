import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { generate } from "@graphql-codegen/cli";
import { expect, it } from "vitest";
import config from "../../../codegen.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const generatedDir = path.join(repoRoot, "client/src/gql");

it("client/src/gql matches schema.graphql and the client's operations (run `npm run codegen`)", async () => {
  const files: { filename: string; content: string }[] = await generate(
    { ...config, cwd: repoRoot, silent: true },
    false,
  );
  const expected = new Map(
    files.map((file) => [path.resolve(repoRoot, file.filename), file.content]),
  );
  const committed = readdirSync(generatedDir).map((name) => path.join(generatedDir, name));

  expect(committed.sort()).toEqual([...expected.keys()].sort());
  for (const [file, content] of expected) {
    expect(readFileSync(file, "utf8"), path.relative(repoRoot, file)).toBe(content);
  }
}, 60_000);
