import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../config.ts";
import { startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";
import { create } from "../testing/domain-client.ts";
import { capturedLog } from "../testing/request-log.ts";

/**
 * KETO_LISTING_ANSWERS=false: while Keto runs a model that grants less than the one the API
 * was generated from, lists must send every check to Keto rather than read permits off the
 * viewer's listing by the API's model (decision 0030). Here Keto's `Project#view` no longer
 * includes `viewers`, as a candidate model rolled out to Keto ahead of the API might.
 */
let api: TestApi;
const requestLog = capturedLog();
let owner: TestUser;
let friend: TestUser;
let shared: string;

const PROJECTS = "{ projects(first: 10) { edges { node { id viewerCan { view edit manage } } } } }";
type Projects = { projects: { edges: { node: { id: string } }[] } };

beforeAll(async () => {
  const keto = path.join(repoRoot, "ory/keto");
  const dir = mkdtempSync(path.join(tmpdir(), "keto-narrowed-"));
  copyFileSync(path.join(keto, "keto.yml"), path.join(dir, "keto.yml"));
  const model = readFileSync(path.join(keto, "namespaces.keto.ts"), "utf8");
  const narrowed = model.replace(
    /view: \(ctx: Context\): boolean =>\s+this\.related\.viewers\.includes\(ctx\.subject\) \|\|/,
    "view: (ctx: Context): boolean =>",
  );
  expect(narrowed).not.toBe(model);
  writeFileSync(path.join(dir, "namespaces.keto.ts"), narrowed);

  api = await startTestApi({
    ketoConfig: path.join(dir, "keto.yml"),
    env: { KETO_LISTING_ANSWERS: "false" },
    log: requestLog.log,
  });
  owner = await api.signUp("Owner");
  friend = await api.signUp("Friend");
  await api.graphql("{ viewer { id } }", {}, { token: friend.token });
  shared = await create(api, "createProject", { name: "Shared" }, { token: owner.token });
  await create(
    api,
    "shareProject",
    { projectId: shared, email: friend.email, role: "VIEWER" },
    { token: owner.token },
  );
}, 60_000);
afterAll(() => api?.close());

describe("with answers from Keto's listing turned off", () => {
  it("a list answers as Keto's own model does, not as the API's", async () => {
    const lookup = await api.graphql<{ node: { id: string } | null }>(
      "query($id: ID!) { node(id: $id) { id } }",
      { id: shared },
      { token: friend.token },
    );
    expect(lookup.data?.node).toBeNull();
    const list = await api.graphql<Projects>(PROJECTS, {}, { token: friend.token });
    expect(list.data?.projects.edges).toEqual([]);
  });

  it("every check of the owner's page goes to Keto", async () => {
    const list = await api.graphql<Projects>(PROJECTS, {}, { token: owner.token });
    expect(list.data?.projects.edges.map((edge) => edge.node.id)).toEqual([shared]);
    expect(requestLog.lastKetoMeter()).toMatchObject({ listedAnswers: 0, tuplesChecked: 3 });
  });
});
