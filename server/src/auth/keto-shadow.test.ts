import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type OryEmulator, startOryEmulator } from "@app/ory-emulator";
import { decodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../config.ts";
import { startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";
import { create } from "../testing/domain-client.ts";
import { insertTuples } from "../testing/keto-admin.ts";
import { capturedLog } from "../testing/request-log.ts";

const PERMITS = "{ projects(first: 10) { edges { node { id viewerCan { view edit manage } } } } }";
type Permits = {
  projects: { edges: { node: { id: string; viewerCan: Record<string, boolean> } }[] };
};

/**
 * The project's keto.yml beside a candidate model: the real one, except that a project's
 * owners may no longer edit it (only its editors may).
 */
function candidateKetoConfig(): string {
  const model = readFileSync(path.join(repoRoot, "ory/keto/namespaces.keto.ts"), "utf8");
  const ownersEdit = `edit: (ctx: Context): boolean =>
      this.related.editors.includes(ctx.subject) || this.related.owners.includes(ctx.subject),
    view: (ctx: Context): boolean =>
      this.related.viewers`;
  if (!model.includes(ownersEdit)) throw new Error("Project's edit permit is not where expected");
  const candidate = model.replace(
    ownersEdit,
    ownersEdit.replace(" || this.related.owners.includes(ctx.subject)", ""),
  );
  const dir = mkdtempSync(path.join(tmpdir(), "candidate-keto-"));
  writeFileSync(path.join(dir, "namespaces.keto.ts"), candidate);
  copyFileSync(path.join(repoRoot, "ory/keto/keto.yml"), path.join(dir, "keto.yml"));
  return path.join(dir, "keto.yml");
}

async function projectsOf(api: TestApi, user: TestUser) {
  const response = await api.graphql<Permits>(PERMITS, {}, { token: user.token });
  expect(response.errors).toBeUndefined();
  return response.data as Permits;
}

describe("a shadow Keto with a candidate model", () => {
  let shadow: OryEmulator;
  let api: TestApi;
  const log = capturedLog();
  let owner: TestUser;
  let project: string;

  beforeAll(async () => {
    shadow = await startOryEmulator({
      only: "keto",
      ephemeralPorts: true,
      ketoConfig: candidateKetoConfig(),
    });
    api = await startTestApi({ log: log.log, env: { KETO_SHADOW_READ_URL: shadow.urls.ketoRead } });
    owner = await api.signUp("Owner");
    project = decodeGlobalID(
      await create(api, "createProject", { name: "Apollo" }, { token: owner.token }),
    ).id;
    // The shadow reads the same tuples, as a second Keto on the same database would.
    await insertTuples(shadow.urls.ketoWrite, await api.listTuples());
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await shadow?.close();
  });

  it("logs and counts where it disagrees, and the client still gets the real answer", async () => {
    await api.services.shadowChecks?.idle();
    const before = api.services.shadowChecks?.stats();
    const linesBefore = log.lines.length;
    const data = await projectsOf(api, owner);
    expect(data.projects.edges.map((edge) => edge.node.viewerCan)).toEqual([
      { view: true, edit: true, manage: true },
    ]);
    await api.services.shadowChecks?.idle();

    const disagreements = log.lines
      .slice(linesBefore)
      .filter((line) => line.msg === "the shadow Keto's model answers this check differently");
    expect(disagreements.map(({ tuple, real, shadow }) => ({ tuple, real, shadow }))).toEqual([
      { tuple: `Project:${project}#edit@User:${owner.id}`, real: true, shadow: false },
    ]);
    const after = api.services.shadowChecks?.stats();
    expect((after?.disagreements ?? 0) - (before?.disagreements ?? 0)).toBe(1);
    expect((after?.compared ?? 0) - (before?.compared ?? 0)).toBe(3);
    expect(after?.errors).toBe(0);
    const request = log.lines.findLast((line) => line.msg === "request");
    expect(request?.shadowKeto).toMatchObject({ errors: 0 });
  });

  it("is never waited for: a slow shadow leaves the answer as fast as without it", async () => {
    await api.services.shadowChecks?.idle();
    // Slower than the API's Ory timeout: the shadow's answer can only end in a timeout.
    await shadow.faults.set("keto", { latencyMs: 60_000 });
    try {
      const before = api.services.shadowChecks?.stats();
      const data = await projectsOf(api, owner);
      expect(data.projects.edges).toHaveLength(1);
      // Answered while the shadow still has the batch in hand.
      expect(api.services.shadowChecks?.stats().batches).toBe(before?.batches);
      await api.services.shadowChecks?.idle();
      expect(api.services.shadowChecks?.stats().errors).toBe((before?.errors ?? 0) + 3);
    } finally {
      await shadow.faults.clear();
    }
  });
});

describe("a shadow Keto that is down", () => {
  let api: TestApi;
  const log = capturedLog();

  beforeAll(async () => {
    api = await startTestApi({
      log: log.log,
      // Port 9 (discard) refuses connections here: the shadow never answers.
      env: { KETO_SHADOW_READ_URL: "http://127.0.0.1:9/" },
    });
  }, 60_000);
  afterAll(() => api?.close());

  it("changes no answer and is counted", async () => {
    const owner = await api.signUp("Owner");
    await create(api, "createProject", { name: "Apollo" }, { token: owner.token });
    const data = await projectsOf(api, owner);
    expect(data.projects.edges.map((edge) => edge.node.viewerCan)).toEqual([
      { view: true, edit: true, manage: true },
    ]);
    await api.services.shadowChecks?.idle();
    const stats = api.services.shadowChecks?.stats();
    expect(stats?.errors).toBeGreaterThanOrEqual(3);
    expect(stats).toMatchObject({ compared: 0, disagreements: 0 });
    expect(
      log.lines.filter(
        (line) => line.msg === "the shadow Keto cannot answer; its failures are counted",
      ),
    ).toHaveLength(1);
  });
});
