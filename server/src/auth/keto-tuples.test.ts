import { type OryEmulator, startOryEmulator } from "@app/ory-emulator";
import type { Relationship } from "@ory/client-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTuples } from "../testing/keto-admin.ts";
import { KetoUnavailableError } from "./keto.ts";
import { ketoTupleLister } from "./keto-tuples.ts";

const viewer = { namespace: "User", object: "0b6f3f57-0f43-4d1f-8f0e-5d1c1c6a2b10", relation: "" };
const team = { namespace: "Group", object: "team", relation: "members" };

let emulator: OryEmulator;
const listCalls = () => emulator.counters.get("keto", "GET /relation-tuples");

const insert = (tuples: Relationship[]) => insertTuples(emulator.urls.ketoWrite, tuples);

beforeAll(async () => {
  emulator = await startOryEmulator({ ephemeralPorts: true, only: "keto" });
  // 1,100 projects the viewer may view (three of Keto's 500-tuple pages), one held by the
  // team's members, and tuples of other namespaces and subjects that must not be listed.
  await insert(
    Array.from({ length: 1_100 }, (_, index) => ({
      namespace: "Project",
      object: `p${index}`,
      relation: "viewers",
      subject_set: viewer,
    })),
  );
  await insert([
    { namespace: "Project", object: "team-project", relation: "editors", subject_set: team },
    { namespace: "Group", object: "team", relation: "members", subject_set: viewer },
    { namespace: "Project", object: "someone-elses", relation: "owners", subject_id: "other" },
  ]);
});
afterAll(() => emulator?.close());

describe("listing a subject's tuples in Keto", () => {
  it("follows Keto's pages to the end and lists only that subject's tuples of that namespace", async () => {
    const lister = ketoTupleLister({
      ketoReadUrl: emulator.urls.ketoRead,
      timeoutMs: 5_000,
      log: { warn: () => {} },
    });
    emulator.counters.reset();
    const { related, complete } = await lister.relatedTo("Project", viewer);
    expect(related).toHaveLength(1_100);
    expect(complete).toBe(true);
    expect(new Set(related.map((tuple) => tuple.object)).has("team-project")).toBe(false);
    expect(listCalls()).toBe(3);
    expect(await lister.relatedTo("Project", team)).toEqual({
      related: [{ object: "team-project", relation: "editors" }],
      complete: true,
    });
    expect(await lister.relatedTo("Group", viewer)).toEqual({
      related: [{ object: "team", relation: "members" }],
      complete: true,
    });
  });

  it("stops at its page bound with a warning instead of reading without end", async () => {
    const warnings: unknown[] = [];
    const lister = ketoTupleLister({
      ketoReadUrl: emulator.urls.ketoRead,
      timeoutMs: 5_000,
      maxPages: 2,
      log: { warn: (...args: unknown[]) => warnings.push(args) },
    });
    const { related, complete } = await lister.relatedTo("Project", viewer);
    expect(related).toHaveLength(1_000);
    // A listing cut short says so: what it leaves out cannot be taken as denied.
    expect(complete).toBe(false);
    expect(warnings).toHaveLength(1);
  });

  it("fails as KetoUnavailableError when Keto cannot answer", async () => {
    const lister = ketoTupleLister({
      ketoReadUrl: "http://127.0.0.1:9",
      timeoutMs: 1_000,
      log: { warn: () => {} },
    });
    await expect(lister.relatedTo("Project", viewer)).rejects.toBeInstanceOf(KetoUnavailableError);
  });
});
