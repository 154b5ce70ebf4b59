import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cliOptions } from "../src/cli-options.ts";
import { repositoryRoot } from "./support.ts";

const run = promisify(execFile);

describe("the ory-emulator command", () => {
  it("is installed as a workspace bin and prints every option with a description", async () => {
    const { stdout } = await run("npx", ["--no-install", "ory-emulator", "--help"], {
      cwd: repositoryRoot,
    });
    expect(stdout).toMatch(/^usage: ory-emulator \[options\]/);
    for (const name of Object.keys(cliOptions)) {
      const line = stdout.split("\n").find((l) => l.trimStart().startsWith(`--${name} `));
      expect(line, `--${name} is listed`).toBeDefined();
      // The flag (and its value placeholder) is followed by a description of a few words.
      expect(line?.trim().split(/\s{2,}/)[1] ?? "", `--${name} is described`).toMatch(/\w+ \w+/);
    }
  });

  it("refuses an unknown option with the usage and exit code 2", async () => {
    const failed = await run("npx", ["--no-install", "ory-emulator", "--no-such-option"], {
      cwd: repositoryRoot,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain("usage: ory-emulator");
  });

  it("runs from any working directory with the configs it is given", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "emulator-cwd-"));
    const child = spawn(
      join(repositoryRoot, "node_modules/.bin/ory-emulator"),
      [
        "--kratos-config",
        join(repositoryRoot, "ory/kratos/kratos.yml"),
        "--keto-config",
        join(repositoryRoot, "ory/keto/keto.yml"),
        "--ephemeral-ports",
        "--json",
      ],
      { cwd: elsewhere, stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), "line")) as [string];
      const urls = JSON.parse(line) as Record<string, string>;
      const namespaces = await fetch(`${urls.ketoRead}namespaces`).then((r) => r.json());
      expect(namespaces.namespaces.map((n: { name: string }) => n.name)).toContain("Project");
      expect((await fetch(`${urls.kratosPublic}health/ready`)).status).toBe(200);
    } finally {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });
});
