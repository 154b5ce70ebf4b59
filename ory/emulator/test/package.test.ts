import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repositoryRoot } from "./support.ts";

const run = promisify(execFile);
const packageDir = join(repositoryRoot, "ory/emulator");
const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));

/** What `npm pack` would put in the tarball, as npm itself lists it. */
async function packedFiles(): Promise<Set<string>> {
  const { stdout } = await run(
    "npm",
    ["pack", "--dry-run", "--json", "--workspace", manifest.name],
    { cwd: repositoryRoot },
  );
  const [pack] = JSON.parse(stdout);
  expect(pack).toMatchObject({ name: manifest.name, version: manifest.version });
  return new Set(pack.files.map((file: { path: string }) => file.path));
}

/** The relative modules a source file imports, statically or dynamically. */
function relativeImports(source: string): string[] {
  return [...source.matchAll(/(?:from\s+|import\s*\(\s*)"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1]);
}

describe("the packed package", () => {
  it("holds its command, entry points and README, every module they import, and no tests", async () => {
    const files = await packedFiles();
    const entryPoints = [
      ...Object.values(manifest.bin as Record<string, string>),
      ...Object.values(manifest.exports as Record<string, string>),
    ].map((path) => posix.normalize(path));
    for (const path of [...entryPoints, "README.md"]) expect(files).toContain(path);

    for (const path of files) {
      if (!/\.(ts|js)$/.test(path)) continue;
      const source = readFileSync(join(packageDir, path), "utf8");
      for (const specifier of relativeImports(source)) {
        const target = posix.normalize(posix.join(posix.dirname(path), specifier));
        expect(files, `${path} imports ${specifier}`).toContain(target);
      }
    }

    const testsAndHarness = [...files].filter(
      (path) => /\.test\.ts$/.test(path) || /(^|\/)(test|testing)\//.test(path),
    );
    expect(testsAndHarness).toEqual([]);
  });
});
