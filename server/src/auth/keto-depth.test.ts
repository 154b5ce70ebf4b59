import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../config.ts";
import { KETO_MAX_READ_DEPTH } from "./keto-depth.ts";

describe("KETO_MAX_READ_DEPTH", () => {
  it("is the limit.max_read_depth that ory/keto/keto.yml gives Keto and the emulator", () => {
    const ketoYml = parse(readFileSync(path.join(repoRoot, "ory/keto/keto.yml"), "utf8")) as {
      limit?: { max_read_depth?: number };
    };
    expect(ketoYml.limit?.max_read_depth).toBe(KETO_MAX_READ_DEPTH);
  });
});
