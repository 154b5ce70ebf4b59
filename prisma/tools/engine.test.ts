import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./database-target.ts";
import { engineVersion } from "./engine.ts";

const run = promisify(execFile);
const require = createRequire(import.meta.url);

describe("the wasm schema engine", () => {
  it("is the Prisma CLI's own engine build", async () => {
    const manifest = JSON.parse(
      await readFile(require.resolve("@prisma/engines-version/package.json"), "utf8"),
    );

    const { commit, wasm } = await engineVersion();

    expect(commit).toBe(manifest.prisma.enginesVersion);
    expect(wasm).toBe(path.join(repoRoot, "node_modules/prisma/build/schema_engine_bg.wasm"));
  });

  it("falls back to the npm package's wasm when SCHEMA_ENGINE_WASM=npm", async () => {
    // The glue keeps one wasm instance per process, so this runs in a child.
    const script = `import { engineVersion } from "./prisma/tools/engine.ts";
      console.log(JSON.stringify(await engineVersion()));`;
    const { stdout } = await run(
      "npx",
      ["--no-install", "tsx", "--input-type=module", "-e", script],
      {
        cwd: repoRoot,
        env: { ...process.env, SCHEMA_ENGINE_WASM: "npm" },
      },
    );
    const { wasm } = JSON.parse(stdout);
    expect(path.relative(repoRoot, wasm)).toBe(
      path.normalize("node_modules/@prisma/schema-engine-wasm/schema_engine_bg.wasm"),
    );
  });
});

describe("prisma/tools/db.ts", () => {
  it("exits 64 with a one-line error for an unknown command", async () => {
    const failure = await run("npx", ["--no-install", "tsx", "prisma/tools/db.ts", "frobnicate"], {
      cwd: repoRoot,
    }).catch((error) => error);
    expect(failure.code).toBe(64);
    expect(failure.stderr.split("\n")[0]).toBe('error: unknown command "frobnicate"');
  });
});
