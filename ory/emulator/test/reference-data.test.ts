import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { oryReferenceDir, repositoryRoot } from "./support.ts";

/** A fresh clone must test itself: the Ory data the tests read lives inside the repository. */
describe("Ory reference data", () => {
  const readme = readFileSync(join(oryReferenceDir, "README.md"), "utf8");
  const listed = [...readme.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]);

  it("has every file its README lists, each naming its source", () => {
    expect(listed.length).toBeGreaterThanOrEqual(9);
    for (const file of listed) expect(existsSync(join(oryReferenceDir, file)), file).toBe(true);
  });

  it("is not looked for outside the repository", () => {
    const tracked = execFileSync("git", ["ls-files", "*.ts", "*.tsx"], {
      cwd: repositoryRoot,
      encoding: "utf8",
    })
      .split("\n")
      .filter(Boolean);
    const outside = tracked.filter((file) =>
      /["'`]\.\.\/shared\//.test(readFileSync(join(repositoryRoot, file), "utf8")),
    );
    expect(outside).toEqual([]);
  });
});
