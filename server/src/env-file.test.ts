import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configVariables, repoRoot } from "./config.ts";
import { loadEnvFile } from "./env-file.ts";

describe(".env", () => {
  it("sets what the environment leaves unset, and nothing else", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "env-file-")), ".env");
    writeFileSync(file, "# comment\nPORT=4100\nLOG_LEVEL=debug\nCURSOR_SECRET='a b c'\n");
    const target: NodeJS.ProcessEnv = { LOG_LEVEL: "warn" };
    expect(loadEnvFile(file, target).sort()).toEqual(["CURSOR_SECRET", "PORT"]);
    expect(target).toEqual({ LOG_LEVEL: "warn", PORT: "4100", CURSOR_SECRET: "a b c" });
  });

  it("is optional", () => {
    expect(loadEnvFile(path.join(tmpdir(), "no-such-dir", ".env"), {})).toEqual([]);
  });

  it(".env.example and the README name every variable the API reads", () => {
    const example = readFileSync(path.join(repoRoot, ".env.example"), "utf8");
    const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
    for (const name of configVariables) {
      expect(example, `.env.example lacks ${name}`).toMatch(new RegExp(`^# ${name}=`, "m"));
      expect(readme, `the README lacks ${name}`).toContain(`\`${name}\``);
    }
  });
});
