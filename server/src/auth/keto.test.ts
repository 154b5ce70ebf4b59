import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type OryEmulator, startOryEmulator } from "@app/ory-emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { repoRoot } from "../config.ts";
import { insertTuples } from "../testing/keto-admin.ts";
import { ketoPermissionChecker } from "./keto.ts";
import { type Permission, userTuple } from "./permissions.ts";

const userId = "0b6f3f57-0f43-4d1f-8f0e-5d1c1c6a2b10";
const projects: Permission[] = Array.from({ length: 120 }, (_, index) => ({
  namespace: "Project",
  object: `project-${index}`,
  relation: "view",
}));
const visible = new Set([0, 9, 10, 42, 99, 100, 119]);
const expected = projects.map((_, index) => visible.has(index));
const tuples = projects.map((project) => userTuple(project, userId));

/**
 * A Keto still at its default `limit.max_batch_check_size` of 10, with the product's
 * permission model: the API's own keto.yml raises the limit, a deployment may not have.
 */
function ketoYmlAtDefaultLimit(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "keto-limit-10-"));
  const file = path.join(dir, "keto.yml");
  const namespaces = pathToFileURL(path.join(repoRoot, "ory/keto/namespaces.keto.ts"));
  writeFileSync(
    file,
    [
      "dsn: memory",
      `namespaces: { location: "${namespaces.href}" }`,
      "limit: { max_batch_check_size: 10 }",
      "",
    ].join("\n"),
  );
  return file;
}

let emulator: OryEmulator;
const batchCalls = () => emulator.counters.get("keto", "POST /relation-tuples/batch/check");

beforeAll(async () => {
  emulator = await startOryEmulator({
    ephemeralPorts: true,
    only: "keto",
    ketoConfig: ketoYmlAtDefaultLimit(),
  });
  await insertTuples(
    emulator.urls.ketoWrite,
    [...visible].map((index) => userTuple({ ...projects[index], relation: "viewers" }, userId)),
  );
});
afterAll(() => emulator?.close());
beforeEach(() => emulator.counters.reset());

describe("a batch size above Keto's limit", () => {
  it("re-sends the refused round in Keto's batch size, and keeps to it from then on", async () => {
    const warnings: unknown[][] = [];
    const checker = ketoPermissionChecker({
      ketoReadUrl: emulator.urls.ketoRead,
      batchSize: 100,
      timeoutMs: 5_000,
      log: { warn: (...args: unknown[]) => warnings.push(args) },
    });

    // 120 tuples: chunks of 100 and 20, both refused, then 12 chunks of 10.
    expect(await checker.check(tuples)).toEqual(expected);
    expect(batchCalls()).toBe(2 + 12);

    emulator.counters.reset();
    expect(await checker.check(tuples)).toEqual(expected);
    expect(batchCalls()).toBe(12);

    // Said once, naming both numbers, however many chunks were refused.
    expect(warnings).toHaveLength(1);
    expect(warnings[0][0]).toEqual({ ketoLimit: 10, KETO_BATCH_SIZE: 100 });
  });

  it("leaves a round that fits Keto's limit alone", async () => {
    const checker = ketoPermissionChecker({
      ketoReadUrl: emulator.urls.ketoRead,
      batchSize: 100,
      timeoutMs: 5_000,
      log: { warn: () => expect.unreachable("no refusal, no warning") },
    });
    expect(await checker.check(tuples.slice(0, 10))).toEqual(expected.slice(0, 10));
    expect(batchCalls()).toBe(1);
  });

  it("still fails closed when Keto refuses a batch for another reason", async () => {
    await emulator.faults.set("keto", { status: 400 });
    try {
      const checker = ketoPermissionChecker({
        ketoReadUrl: emulator.urls.ketoRead,
        batchSize: 100,
        timeoutMs: 5_000,
        log: { warn: () => expect.unreachable("not a batch size refusal") },
      });
      const outcomes = await checker.check(tuples.slice(0, 30));
      expect(outcomes).toHaveLength(30);
      for (const outcome of outcomes) expect(outcome).toBeInstanceOf(Error);
      expect(batchCalls()).toBe(1);
    } finally {
      await emulator.faults.clear();
    }
  });
});
