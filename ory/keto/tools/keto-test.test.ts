import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { loadKetoConfig, startOryEmulator } from "@app/ory-emulator";
import { Configuration, RelationshipApi } from "@ory/client-fetch";
import { describe, expect, it } from "vitest";
import { emulatorTarget, KETO_CONFIG, remoteTarget } from "./keto-target.ts";
import { type AssertionResult, runSuite } from "./run-suite.ts";
import { loadSuite, type Suite, SuiteError } from "./suite.ts";

const suitesDir = resolve(import.meta.dirname, "../tests");
const suiteFiles = readdirSync(suitesDir)
  .filter((name) => name.endsWith(".yaml"))
  .map((name) => join(suitesDir, name));

const failuresOf = (results: AssertionResult[]) =>
  results
    .filter((result) => !result.ok)
    .map((result) => `${result.assertion}: expected ${result.expected}, got ${result.got}`);

function temporarySuite(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "keto-suite-")), `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

describe("the permission model's suites (ory/keto/tests)", () => {
  it.each(suiteFiles)("%s holds against the emulator", async (file) => {
    const suite = await loadSuite(file);
    const results = await runSuite(suite, emulatorTarget());
    expect(results).toHaveLength(suite.checks.length + suite.expands.length);
    expect(failuresOf(results)).toEqual([]);
  });

  it("give every permit of every namespace an allowed and a denied check at the configured depth", async () => {
    const { namespaces } = await loadKetoConfig(KETO_CONFIG);
    const suites: Suite[] = await Promise.all(suiteFiles.map(loadSuite));
    const asserted = new Set(
      suites.flatMap((suite) =>
        suite.checks
          .filter((check) => check.maxDepth === undefined)
          .map((check) => `${check.tuple.namespace}#${check.tuple.relation} ${check.expect}`),
      ),
    );
    const permits = namespaces.flatMap((namespace) =>
      namespace.relations
        .filter((relation) => relation.rewrite)
        .map((relation) => `${namespace.name}#${relation.name}`),
    );
    expect(permits).toContain("Document#delete");
    const missing = permits.flatMap((permit) =>
      ["allowed", "denied"]
        .map((expected) => `${permit} ${expected}`)
        .filter((key) => !asserted.has(key)),
    );
    expect(missing).toEqual([]);
  });
});

describe("npm run keto:test", () => {
  const run = async (...args: string[]) => {
    const tsx = resolve(import.meta.dirname, "../../../node_modules/.bin/tsx");
    const env = { ...process.env, KETO_READ_URL: "", KETO_WRITE_URL: "" };
    try {
      const { stdout } = await promisify(execFile)(tsx, ["ory/keto/tools/keto-test.ts", ...args], {
        cwd: resolve(import.meta.dirname, "../../.."),
        env,
      });
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout + failed.stderr };
    }
  };

  it("fails when an expectation is wrong, and names the assertion and its reason", async () => {
    const file = temporarySuite(
      "flipped",
      `description: one right and one wrong expectation
tuples:
  - Project:p#viewers@User:vic
checks:
  - check: Project:p#view@User:vic
    expect: allowed
    because: vic is a viewer
  - check: Project:p#edit@User:vic
    expect: allowed
    because: a wrong expectation, viewers do not edit
`,
    );
    const { code, stdout } = await run(file);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^flipped\s+Project:p#view@User:vic\s+allowed\s+allowed\s+ok$/m);
    expect(stdout).toMatch(/^flipped\s+Project:p#edit@User:vic\s+allowed\s+denied\s+FAIL$/m);
    expect(stdout).toContain(
      "FAIL flipped: Project:p#edit@User:vic: expected allowed, got denied\n  because: a wrong expectation, viewers do not edit",
    );
    expect(stdout).toContain("1 of 2 assertions hold in 1 suites.");
  });

  it("passes when every expectation holds", async () => {
    const file = temporarySuite(
      "right",
      `description: a right expectation
tuples: [Project:p#viewers@User:vic]
checks:
  - { check: Project:p#edit@User:vic, expect: denied, because: viewers do not edit }
`,
    );
    const { code, stdout } = await run(file);
    expect(stdout).toContain("1 of 1 assertions hold in 1 suites.");
    expect(code).toBe(0);
  });

  it("refuses a suite whose check gives no reason, naming the file", async () => {
    const file = temporarySuite(
      "unexplained",
      "description: x\nchecks:\n  - { check: Project:p#view@User:vic, expect: denied }\n",
    );
    await expect(loadSuite(file)).rejects.toThrow(SuiteError);
    const { code, stdout } = await run(file);
    expect(code).toBe(2);
    expect(stdout).toContain(file);
    expect(stdout).toMatch(/because/);
  });
});

describe("a running Keto (KETO_READ_URL, KETO_WRITE_URL)", () => {
  it("keeps a suite apart from what else is stored there, and deletes what it wrote", async () => {
    const keto = await startOryEmulator({
      only: "keto",
      ephemeralPorts: true,
      ketoConfig: KETO_CONFIG,
    });
    try {
      const relationships = new RelationshipApi(
        new Configuration({ basePath: keto.urls.ketoWrite.replace(/\/$/, "") }),
      );
      // Someone else's tuple that would make the suite's denial of `stranger` fail.
      const foreign = {
        namespace: "Project",
        object: "apollo",
        relation: "viewers",
        subject_set: { namespace: "User", object: "stranger", relation: "" },
      };
      await relationships.createRelationship({ createRelationshipBody: foreign });

      const suite = await loadSuite(join(suitesDir, "project.yaml"));
      const results = await runSuite(suite, remoteTarget(keto.urls.ketoRead, keto.urls.ketoWrite));
      expect(failuresOf(results)).toEqual([]);

      const reader = new RelationshipApi(
        new Configuration({ basePath: keto.urls.ketoRead.replace(/\/$/, "") }),
      );
      const left = await Promise.all(
        ["Project", "Group"].map((namespace) => reader.getRelationships({ namespace })),
      );
      expect(left.flatMap((page) => page.relation_tuples ?? [])).toEqual([foreign]);
    } finally {
      await keto.close();
    }
  });
});
