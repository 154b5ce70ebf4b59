import persistedDocuments from "@app/client/persisted-documents.json" with { type: "json" };
import { decodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../app.ts";
import type { ExplainedCheck } from "../auth/explain.ts";
import { type CompactTree, MAX_NODES_PER_TREE } from "../auth/explain-trees.ts";
import { type ExplainedDenial, HIDDEN_NOTE, UNSEEN_OBJECT_NOTE } from "../auth/keto-expand.ts";
import { startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";
import { create } from "../testing/domain-client.ts";
import { insertTuples } from "../testing/keto-admin.ts";
import { productionPlaceholders } from "../testing/production-env.ts";
import { capturedLog } from "../testing/request-log.ts";

interface Explanation {
  rounds: number;
  checks: ExplainedCheck[];
  denials: ExplainedDenial[];
}

interface Answer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string } }[];
  extensions?: { authorization?: Explanation };
}

async function ask(
  app: App,
  user: TestUser,
  body: object,
  options: { explain?: boolean } = {},
): Promise<Answer> {
  const response = await app.fetch("http://api.test/graphql", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-session-token": user.token,
      ...(options.explain ? { "x-authz-explain": "1" } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

function explanationOf(answer: Answer): Explanation {
  const explanation = answer.extensions?.authorization;
  if (!explanation) throw new Error("the response carries no extensions.authorization");
  return explanation;
}

const rawId = (globalId: string) => decodeGlobalID(globalId).id;
const tuple = (namespace: string, object: string, relation: string, user: TestUser) =>
  `${namespace}:${object}#${relation}@User:${user.id}`;
const expandCalls = (api: TestApi) =>
  api.emulator.counters.get("keto", "GET /relation-tuples/expand");
const listingCalls = (api: TestApi) => api.emulator.counters.get("keto", "GET /relation-tuples");

const HOMEPAGE = "{ homepage { title } }";

/** Lets the owner's group read the welcome page: a tree for the others' denials to show. */
async function staffReadTheHomepage(api: TestApi, owner: TestUser) {
  await insertTuples(api.emulator.urls.ketoWrite, [
    {
      namespace: "App",
      object: "homepage",
      relation: "readers",
      subject_set: { namespace: "Group", object: "staff", relation: "members" },
    },
    {
      namespace: "Group",
      object: "staff",
      relation: "members",
      subject_set: { namespace: "User", object: owner.id, relation: "" },
    },
  ]);
}

/**
 * The owner's group Outer holds `member` and, nested, the group InnerSecret, whose one member
 * only its owner knows of: `member` may view Outer, never InnerSecret.
 */
async function nestSecretGroup(api: TestApi, owner: TestUser, member: TestUser) {
  const auth = { token: owner.token };
  const secretMember = await api.signUp("Secret member");
  const outer = await create(api, "createGroup", { name: "Outer" }, auth);
  const inner = await create(api, "createGroup", { name: "InnerSecret" }, auth);
  await create(api, "addGroupMember", { groupId: inner, email: secretMember.email }, auth);
  await create(api, "addGroupMember", { groupId: outer, memberGroupId: inner }, auth);
  await create(api, "addGroupMember", { groupId: outer, email: member.email }, auth);
  return { outer, inner, secretMember };
}

const GROUP_PAGE = `query($id: ID!) { node(id: $id) { ... on Group {
  members { user { id } group { id } }
} } }`;

/** The nested groups a GROUP_PAGE answer lists (null for each person). */
function groupsListed(answer: Answer) {
  const node = answer.data?.node as { members: { group: unknown }[] } | undefined;
  return node?.members.map((entry) => entry.group);
}

/** The nested set a tree shows for `key`, e.g. `Group:g#members`. */
function setIn(trees: CompactTree[], key: string) {
  const found = trees.find((tree) => typeof tree === "object" && key in tree);
  if (typeof found !== "object") throw new Error(`${key} is not in the tree`);
  return { children: found[key] as CompactTree[], truncated: found.truncated };
}

describe("X-Authz-Explain outside production", () => {
  let api: TestApi;
  const requestLog = capturedLog();
  let owner: TestUser;
  let stranger: TestUser;
  const projects: string[] = [];
  let document: string;

  beforeAll(async () => {
    api = await startTestApi({ log: requestLog.log });
    owner = await api.signUp("Owner");
    stranger = await api.signUp("Stranger");
    const auth = { token: owner.token };
    for (const name of ["One", "Two", "Three"]) {
      projects.unshift(await create(api, "createProject", { name }, auth));
    }
    for (const projectId of projects) {
      await create(api, "createDocument", { projectId, title: "Notes" }, auth);
    }
    document = await create(api, "createDocument", { projectId: projects[0], title: "Plan" }, auth);
    await staffReadTheHomepage(api, owner);
  }, 60_000);
  afterAll(() => api?.close());

  it("lists a page's checks once each, all answered in its one Keto round", async () => {
    const answer = await ask(
      api.app,
      owner,
      { query: "{ projects(first: 10) { edges { node { id viewerCan { view edit manage } } } } }" },
      { explain: true },
    );
    expect(answer.errors).toBeUndefined();
    const explanation = explanationOf(answer);
    const tuples = explanation.checks.map((check) => check.tuple);
    expect(new Set(tuples).size).toBe(tuples.length);
    expect(tuples.sort()).toEqual(
      projects
        .flatMap((id) =>
          ["view", "edit", "manage"].map((p) => tuple("Project", rawId(id), p, owner)),
        )
        .sort(),
    );
    expect(explanation.rounds).toBe(1);
    // The owner's own tuples grant every permit, so Keto's listing of them answers all nine.
    expect(requestLog.lastKetoMeter()).toMatchObject({ tuplesChecked: 0, listedAnswers: 9 });
    for (const check of explanation.checks) {
      expect(check).toMatchObject({ answer: "allowed", source: "keto-listing", round: 1 });
      expect(check.ms).toBeGreaterThanOrEqual(0);
    }
    expect(explanation.denials).toEqual([]);
  });

  it("puts a nested list's checks in the second round", async () => {
    const answer = await ask(
      api.app,
      owner,
      {
        query: `{ projects(first: 10) { edges { node {
          documents(first: 10) { edges { node { id viewerCan { delete } } } }
        } } } }`,
      },
      { explain: true },
    );
    expect(answer.errors).toBeUndefined();
    const explanation = explanationOf(answer);
    expect(explanation.rounds).toBe(2);
    const roundOf = (namespace: string) =>
      new Set(
        explanation.checks
          .filter((check) => check.tuple.startsWith(`${namespace}:`))
          .map((check) => check.round),
      );
    expect(roundOf("Project")).toEqual(new Set([1]));
    expect(roundOf("Document")).toEqual(new Set([2]));
    // Four documents, each asked view and delete once.
    expect(explanation.checks.filter((check) => check.tuple.startsWith("Document:"))).toHaveLength(
      8,
    );
  });

  it("shows the expand tree behind a FORBIDDEN field, after the data, with the same answer", async () => {
    const plain = await ask(api.app, stranger, { query: HOMEPAGE });
    const before = expandCalls(api);
    const explained = await ask(api.app, stranger, { query: HOMEPAGE }, { explain: true });
    expect(expandCalls(api)).toBeGreaterThan(before);
    expect({ ...explained, extensions: undefined }).toEqual({ ...plain, extensions: undefined });
    expect(explained.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);

    const explanation = explanationOf(explained);
    const read = tuple("App", "homepage", "read", stranger);
    expect(explanation.checks).toEqual([
      { tuple: read, answer: "denied", source: "keto", round: 1, ms: expect.any(Number) },
    ]);
    expect(explanation.denials).toEqual([
      {
        tuple: read,
        became: "FORBIDDEN",
        expand: {
          "App:homepage#readers": [{ "Group:staff#members": [`User:${owner.id}`] }],
        },
      },
    ]);
  });

  it("explains a hidden document from its own tuples and its project's", async () => {
    const answer = await ask(
      api.app,
      stranger,
      { query: "query($id: ID!) { node(id: $id) { id } }", variables: { id: document } },
      { explain: true },
    );
    expect(answer.data).toEqual({ node: null });
    const [denial] = explanationOf(answer).denials;
    const project = rawId(projects[0]);
    expect(denial).toMatchObject({
      tuple: tuple("Document", rawId(document), "view", stranger),
      became: "hidden",
    });
    expect(denial.expand[`Document:${rawId(document)}#parents`]).toEqual([`Project:${project}`]);
    expect(denial.expand[`Project:${project}#owners`]).toEqual([`User:${owner.id}`]);
  });

  it("counts the explanation's listings and expands in the request's Keto meter", async () => {
    const [listings, expands] = [listingCalls(api), expandCalls(api)];
    await ask(api.app, stranger, { query: HOMEPAGE }, { explain: true });
    const meter = requestLog.lastKetoMeter();
    expect(meter.explainCalls).toBeGreaterThan(0);
    expect(meter.explainCalls).toBe(listingCalls(api) - listings + (expandCalls(api) - expands));
    expect(meter.listings).toBe(0);

    await ask(api.app, stranger, { query: HOMEPAGE });
    expect(requestLog.lastKetoMeter().explainCalls).toBe(0);
  });

  it("shows a hidden group's members in full: development data", async () => {
    const member = await api.signUp("Member");
    const { outer, inner, secretMember } = await nestSecretGroup(api, owner, member);
    const answer = await ask(
      api.app,
      member,
      { query: GROUP_PAGE, variables: { id: outer } },
      {
        explain: true,
      },
    );
    // The owner and the member; InnerSecret is left out.
    expect(groupsListed(answer)).toEqual([null, null]);
    const [denial] = explanationOf(answer).denials;
    expect(denial).toMatchObject({
      tuple: tuple("Group", rawId(inner), "view", member),
      became: "hidden",
    });
    expect(denial.note).toBeUndefined();
    expect(denial.expand[`Group:${rawId(inner)}#members`]).toEqual([`User:${secretMember.id}`]);
  });

  it("cuts a tree at its node cap and marks where", async () => {
    const crowd = await create(api, "createGroup", { name: "Crowd" }, { token: owner.token });
    const crowdMembers = `Group:${rawId(crowd)}#members`;
    const project = rawId(projects[1]);
    await insertTuples(api.emulator.urls.ketoWrite, [
      ...Array.from({ length: 300 }, (_, index) => ({
        namespace: "Group",
        object: rawId(crowd),
        relation: "members",
        subject_set: { namespace: "User", object: `crowd-${index}`, relation: "" },
      })),
      {
        namespace: "Project",
        object: project,
        relation: "viewers",
        subject_set: { namespace: "Group", object: rawId(crowd), relation: "members" },
      },
    ]);
    const explainNode = async (id: string) => {
      const answer = await ask(
        api.app,
        stranger,
        { query: "query($id: ID!) { node(id: $id) { id } }", variables: { id } },
        { explain: true },
      );
      expect(answer.data).toEqual({ node: null });
      return explanationOf(answer).denials[0];
    };

    // At the top of a tree: the relation's list is cut, and the denial names the tree.
    const group = await explainNode(crowd);
    expect(group.expand[crowdMembers]).toHaveLength(MAX_NODES_PER_TREE);
    expect(group.truncated).toEqual([crowdMembers]);
    expect(group.expand[`Group:${rawId(crowd)}#owners`]).toEqual([`User:${owner.id}`]);

    // Inside a tree: the set whose children were cut says so.
    const shared = await explainNode(projects[1]);
    const viewers = setIn(shared.expand[`Project:${project}#viewers`], crowdMembers);
    expect(viewers.children).toHaveLength(MAX_NODES_PER_TREE - 1);
    expect(viewers.truncated).toBe(true);
    expect(shared.truncated).toEqual([`Project:${project}#viewers`]);
    expect(shared.expand[`Project:${project}#owners`]).toEqual([`User:${owner.id}`]);
  });

  it("without the header, carries no explanation and expands nothing", async () => {
    const before = expandCalls(api);
    const answer = await ask(api.app, stranger, { query: HOMEPAGE });
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
    expect(answer.extensions?.authorization).toBeUndefined();
    expect(expandCalls(api)).toBe(before);
  });

  it("takes a check the request's own write answered from its cache", async () => {
    const answer = await ask(
      api.app,
      owner,
      {
        query: `mutation { createProject(input: { name: "Fresh" }) {
          ... on ProjectPayload { project { id viewerCan { manage } } }
        } }`,
      },
      { explain: true },
    );
    const payload = answer.data?.createProject as { project: { id: string } } | undefined;
    const created = payload?.project.id ?? "";
    expect(created).not.toBe("");
    const manage = tuple("Project", rawId(created), "manage", owner);
    const checks = explanationOf(answer).checks;
    expect(checks.filter((check) => check.tuple === manage)).toEqual([
      { tuple: manage, answer: "allowed", source: "cache", ms: 0 },
    ]);
  });

  it("lets browsers send the header from allowed origins", async () => {
    const response = await api.app.fetch("http://api.test/graphql", {
      method: "OPTIONS",
      headers: {
        origin: "http://127.0.0.1:4000",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, x-authz-explain",
      },
    });
    expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(
      "x-authz-explain",
    );
  });
});

describe("X-Authz-Explain in production", () => {
  let api: TestApi;
  const requestLog = capturedLog();
  let owner: TestUser;
  let plain: TestUser;
  let integrator: TestUser;
  const homepageHash = Object.entries(persistedDocuments).find(([, text]) =>
    text.includes("query Homepage"),
  )?.[0] as string;
  const byHash = { extensions: { persistedQuery: { version: 1, sha256Hash: homepageHash } } };

  beforeAll(async () => {
    api = await startTestApi({
      log: requestLog.log,
      env: { NODE_ENV: "production", ...productionPlaceholders },
    });
    owner = await api.signUp("Owner");
    plain = await api.signUp("Plain");
    integrator = await api.signUp("Integrator");
    // The owner sets the scene with operations of its own, which production takes from integrators.
    for (const user of [integrator, owner]) {
      await api.grant({ namespace: "App", object: "graphiql", relation: "integrators" }, user.id);
    }
    await staffReadTheHomepage(api, owner);
  }, 60_000);
  afterAll(() => api?.close());

  it("ignores the header from a viewer who is not an integrator", async () => {
    const before = expandCalls(api);
    const answer = await ask(api.app, plain, byHash, { explain: true });
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
    expect(answer.extensions?.authorization).toBeUndefined();
    expect(expandCalls(api)).toBe(before);
  });

  it("explains to integrators, listing the integrator check too", async () => {
    const answer = await ask(api.app, integrator, byHash, { explain: true });
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
    const explanation = explanationOf(answer);
    expect(explanation.checks.map((check) => [check.tuple, check.answer])).toEqual(
      expect.arrayContaining([
        [tuple("App", "homepage", "read", integrator), "denied"],
        [tuple("App", "graphiql", "use", integrator), "allowed"],
      ]),
    );
    // Who reads the welcome page shows to the app's administrators only, so not here.
    expect(explanation.denials).toEqual([
      {
        tuple: tuple("App", "homepage", "read", integrator),
        became: "FORBIDDEN",
        expand: {},
        note: UNSEEN_OBJECT_NOTE,
      },
    ]);
  });

  it("shows an integrator nothing of a group hidden from them", async () => {
    const { outer, inner, secretMember } = await nestSecretGroup(api, owner, integrator);
    const before = expandCalls(api);
    const answer = await ask(
      api.app,
      integrator,
      { query: GROUP_PAGE, variables: { id: outer } },
      { explain: true },
    );
    // The owner and the member; InnerSecret is left out.
    expect(groupsListed(answer)).toEqual([null, null]);
    expect(explanationOf(answer).denials).toEqual([
      {
        tuple: tuple("Group", rawId(inner), "view", integrator),
        became: "hidden",
        expand: {},
        note: HIDDEN_NOTE,
      },
    ]);
    expect(JSON.stringify(answer)).not.toContain(secretMember.id);
    expect(expandCalls(api)).toBe(before);
  });

  it("prunes a refusal's tree to what the integrator may see, checking in one round", async () => {
    const bystander = await api.signUp("Bystander");
    const { outer, inner, secretMember } = await nestSecretGroup(api, owner, integrator);
    const answer = await ask(
      api.app,
      integrator,
      {
        query: `mutation($input: AddGroupMemberInput!) {
          addGroupMember(input: $input) { __typename }
        }`,
        variables: { input: { groupId: outer, email: bystander.email } },
      },
      { explain: true },
    );
    expect(answer.data).toEqual({ addGroupMember: { __typename: "ForbiddenError" } });
    const explanation = explanationOf(answer);
    const [denial] = explanation.denials;
    expect(denial).toMatchObject({
      tuple: tuple("Group", rawId(outer), "manage", integrator),
      became: "FORBIDDEN",
    });
    const outerTrees = `Group:${rawId(outer)}`;
    expect(denial.expand[`${outerTrees}#owners`]).toEqual([`User:${owner.id}`]);
    // People stay; the nested group the integrator may not view is a leaf without its id.
    expect(denial.expand[`${outerTrees}#members`]).toEqual(
      expect.arrayContaining([`User:${integrator.id}`, "Group:(hidden)#members"]),
    );
    const shown = JSON.stringify(explanation.denials);
    expect(shown).not.toContain(rawId(inner));
    expect(shown).not.toContain(secretMember.id);
    // One more round, for the one group not yet asked about (Outer's own view was).
    const meter = requestLog.lastKetoMeter();
    expect(meter.checkRounds).toBe(explanation.rounds + 1);
    expect(meter.tuplesChecked).toBe(explanation.checks.length + 1);
    expect(meter.explainCalls).toBeGreaterThan(0);
  });
});
