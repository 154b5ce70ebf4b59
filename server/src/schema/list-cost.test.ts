import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";
import { create } from "../testing/domain-client.ts";
import { capturedLog } from "../testing/request-log.ts";

/**
 * What a list costs in Keto, read from the request log: rounds of checks,
 * tuples checked, and the real calls the emulator saw. None of it depends on
 * timing. Keto is at its default batch size of 10 here.
 *
 * The world: 2,000 projects nobody here may see, a viewer granted 100 of
 * 1,000 others (every tenth, through the grant mirror and Keto alike, as the
 * API writes them), and an owner whose projects and documents were made
 * through the API.
 */
let api: TestApi;
const requestLog = capturedLog();
let owner: TestUser;
let sparse: TestUser;
const sparseVisible: string[] = [];
const ownerProjects: string[] = [];

const PROJECTS_WITH_PERMITS = `query($first: Int!) {
  projects(first: $first) {
    edges { node { id viewerCan { view edit manage } } }
    pageInfo { hasNextPage }
  }
}`;
type Projects = {
  projects: {
    edges: { node: { id: string; viewerCan: Record<string, boolean> } }[];
    pageInfo: { hasNextPage: boolean };
  };
};

const ketoCalls = (route: string) => api.emulator.counters.get("keto", route);

async function projectRows(count: number, createdById: string, start: number) {
  const rows = Array.from({ length: count }, (_, index) => ({
    id: crypto.randomUUID(),
    name: `Row ${index}`,
    createdById,
    createdAt: new Date(start + index * 1_000),
  }));
  await api.db.prisma.project.createMany({ data: rows });
  return rows;
}

beforeAll(async () => {
  api = await startTestApi({ database: "pg", env: { KETO_BATCH_SIZE: "10" }, log: requestLog.log });
  owner = await api.signUp("Owner");
  sparse = await api.signUp("Sparse");
  const stranger = await api.signUp("Stranger");
  // A first request mirrors the new users into the database, as signing in does.
  for (const user of [owner, sparse, stranger]) {
    await api.graphql("{ viewer { id } }", {}, { token: user.token });
  }
  await projectRows(2_000, stranger.id, Date.UTC(2025, 0, 1));
  const rows = await projectRows(1_000, stranger.id, Date.UTC(2026, 0, 1));
  const granted = rows.filter((_, index) => index % 10 === 0);
  await api.db.prisma.projectGrant.createMany({
    data: granted.map((row) => ({ projectId: row.id, userId: sparse.id, role: "VIEWER" as const })),
  });
  for (const row of granted) {
    await api.grant({ namespace: "Project", object: row.id, relation: "viewers" }, sparse.id);
  }
  sparseVisible.push(...granted.reverse().map((row) => encodeGlobalID("Project", row.id)));

  const auth = { token: owner.token };
  for (let index = 0; index < 12; index++) {
    ownerProjects.unshift(await create(api, "createProject", { name: `Mine ${index}` }, auth));
  }
  for (const projectId of ownerProjects.slice(0, 3)) {
    for (let index = 0; index < 4; index++) {
      await create(api, "createDocument", { projectId, title: `Doc ${index}` }, auth);
    }
  }
}, 120_000);
afterAll(() => api?.close());

async function measured<T>(query: string, variables: Record<string, unknown>, user: TestUser) {
  api.emulator.counters.reset();
  const response = await api.graphql<T>(query, variables, { token: user.token });
  expect(response.errors).toBeUndefined();
  return { data: response.data as T, keto: requestLog.lastKetoMeter() };
}

const batchChecks = () => ketoCalls("POST /relation-tuples/batch/check");
/** A user as the subject of Keto's list and delete filters. */
const subjectOf = (userId: string) => ({
  subjectSetNamespace: "User",
  subjectSetObject: userId,
  subjectSetRelation: "",
});

describe("a list's permission checks", () => {
  it("answers the owner's rows and viewerCan permits from Keto's listing of their tuples, checking none", async () => {
    const { data, keto } = await measured<Projects>(PROJECTS_WITH_PERMITS, { first: 10 }, owner);
    expect(data.projects.edges.map((edge) => edge.node.id)).toEqual(ownerProjects.slice(0, 10));
    for (const edge of data.projects.edges) {
      expect(edge.node.viewerCan).toEqual({ view: true, edit: true, manage: true });
    }
    // 10 rows and the one after them (for hasNextPage), plus edit and manage for the 10: the
    // owner's tuples grant all of them, and the listing of those tuples is the one Keto round.
    expect(keto).toMatchObject({ checkRounds: 0, tuplesChecked: 0, listedAnswers: 11 + 20 });
    expect(keto.listingSteps).toBe(1);
    expect(batchChecks()).toBe(0);
    expect(ketoCalls("GET /relation-tuples")).toBe(keto.listings);
  });

  it("first: 1 answers four permits: two rows' view, one row's other permits", async () => {
    const { data, keto } = await measured<Projects>(PROJECTS_WITH_PERMITS, { first: 1 }, owner);
    expect(data.projects.edges).toHaveLength(1);
    expect(data.projects.pageInfo.hasNextPage).toBe(true);
    expect(keto).toMatchObject({ checkRounds: 0, tuplesChecked: 0, listedAnswers: 4 });
  });

  it("finds viewerCan through fragments too", async () => {
    const { keto } = await measured(
      `query {
        projects(first: 5) { edges { node { ...Row } } }
      }
      fragment Row on Project { id ... on Project { viewerCan { edit } } }`,
      {},
      owner,
    );
    expect(keto).toMatchObject({ listedAnswers: 6 + 5, tuplesChecked: 0 });
  });

  it("denies from complete listings what nothing the viewer or their groups hold could grant", async () => {
    const { data, keto } = await measured<Projects>(PROJECTS_WITH_PERMITS, { first: 10 }, sparse);
    for (const edge of data.projects.edges) {
      expect(edge.node.viewerCan).toEqual({ view: true, edit: false, manage: false });
    }
    // `viewers` grants view (11 rows); the viewer is in no group and holds no `editors` or
    // `owners` there, so Keto would deny edit and manage of the 10: all from the listings.
    expect(keto).toMatchObject({ checkRounds: 0, tuplesChecked: 0, listedAnswers: 11 + 20 });
    expect(batchChecks()).toBe(0);
  });

  it("checks what Keto holds beyond the mirror: a tuple of the viewer's, or of a group they are in", async () => {
    const [newest, second] = sparseVisible.map((id) => decodeGlobalID(id).id);
    const team = crypto.randomUUID();
    const members = { namespace: "Group", object: team, relation: "members" };
    // Written to Keto alone: the mirror still says the viewer only views both projects.
    await api.grant({ namespace: "Project", object: newest, relation: "editors" }, sparse.id);
    await api.grant(members, sparse.id);
    const teamEdits = {
      namespace: "Project",
      object: second,
      relation: "editors",
      subject_set: { namespace: "Group", object: team, relation: "members" },
    };
    await api.relationships.createRelationship({ createRelationshipBody: teamEdits });
    try {
      const { data, keto } = await measured<Projects>(PROJECTS_WITH_PERMITS, { first: 3 }, sparse);
      expect(data.projects.edges.map((edge) => edge.node.viewerCan)).toEqual([
        { view: true, edit: true, manage: false },
        { view: true, edit: true, manage: false },
        { view: true, edit: false, manage: false },
      ]);
      // The group's tuples make edit possible on the second project, so only Keto can say.
      expect(keto).toMatchObject({ checkRounds: 1, tuplesChecked: 1 });
    } finally {
      await api.relationships.deleteRelationships({ ...members, ...subjectOf(sparse.id) });
      await api.relationships.deleteRelationships({
        namespace: "Project",
        object: newest,
        relation: "editors",
        ...subjectOf(sparse.id),
      });
      await api.relationships.deleteRelationships({
        namespace: "Project",
        object: second,
        relation: "editors",
        subjectSetNamespace: "Group",
        subjectSetObject: team,
        subjectSetRelation: "members",
      });
    }
  });

  it("nested lists cost one round per level, not one per parent", async () => {
    type Nested = {
      projects: {
        edges: {
          node: { documents: { edges: { node: { viewerCan: Record<string, boolean> } }[] } };
        }[];
      };
    };
    const { data, keto } = await measured<Nested>(
      `{
        projects(first: 3) { edges { node {
          documents(first: 3) { edges { node { id viewerCan { view edit delete } } } }
        } } }
      }`,
      {},
      owner,
    );
    const documents = data.projects.edges.map((edge) => edge.node.documents.edges);
    expect(documents.map((page) => page.length)).toEqual([3, 3, 3]);
    expect(documents.flat().every((edge) => edge.node.viewerCan.delete)).toBe(true);
    // The projects (3 and one more) come from the listing; each project's 4 documents and the
    // 3 shown's edit and delete are checked in one round for the three projects together.
    expect(keto).toMatchObject({ listedAnswers: 4, checkRounds: 1, tuplesChecked: 3 * (4 + 6) });
  });

  it("checks an owner's row the listing does not show: its tuple was removed from Keto directly", async () => {
    const [newest] = ownerProjects.map((id) => decodeGlobalID(id).id);
    const owners = {
      namespace: "Project",
      object: newest,
      relation: "owners",
      subjectSetNamespace: "User",
      subjectSetObject: owner.id,
      subjectSetRelation: "",
    };
    await api.relationships.deleteRelationships(owners);
    try {
      const { data, keto } = await measured<Projects>(PROJECTS_WITH_PERMITS, { first: 3 }, owner);
      // The mirror still says owner, so the row was expected in the listing; Keto says no.
      expect(data.projects.edges.map((edge) => edge.node.id)).toEqual(ownerProjects.slice(1, 4));
      expect(keto.tuplesChecked).toBeGreaterThanOrEqual(1);
    } finally {
      await api.grant({ namespace: "Project", object: newest, relation: "owners" }, owner.id);
    }
  });
});

describe("candidates come from the viewer's grants, not from the table", () => {
  it("100 visible among 1,000 (and 2,000 more): one round, at most 40 Keto calls", async () => {
    const { data, keto } = await measured<Projects>(PROJECTS_WITH_PERMITS, { first: 100 }, sparse);
    expect(data.projects.edges.map((edge) => edge.node.id)).toEqual(sparseVisible);
    expect(data.projects.pageInfo.hasNextPage).toBe(false);
    // No hidden row is ever asked about: views, edits and manages all come from the listings.
    expect(keto).toMatchObject({ checkRounds: 0, listedAnswers: 300, tuplesChecked: 0 });
    expect(keto.listingSteps).toBe(1);
    expect(batchChecks()).toBe(0);
    expect(ketoCalls("GET /relation-tuples")).toBe(keto.listings);
    expect(batchChecks() + keto.listings).toBeLessThanOrEqual(40);
  });

  it("a few visible among thousands: the first page holds them all and says there is no more", async () => {
    const few = await api.signUp("Few");
    const rows = await projectRows(2_000, owner.id, Date.UTC(2024, 0, 1));
    const granted = [rows[3], rows[700], rows[1_200], rows[1_650], rows[1_999]];
    for (const row of granted) {
      await api.grant({ namespace: "Project", object: row.id, relation: "editors" }, few.id);
    }
    const { data, keto } = await measured<Projects>(PROJECTS_WITH_PERMITS, { first: 10 }, few);
    expect(data.projects.edges.map((edge) => decodeGlobalID(edge.node.id).id)).toEqual(
      granted.map((row) => row.id).reverse(),
    );
    expect(data.projects.pageInfo.hasNextPage).toBe(false);
    // Granted in Keto alone, so the mirror expects nothing of the listing: 5 views and 10
    // permits are checked, and no hidden row is.
    expect(keto).toMatchObject({ listedAnswers: 0, tuplesChecked: 15 });
  });

  it("a tuple written straight into Keto shows its object on the next request, and its removal hides it", async () => {
    const outsider = await api.signUp("Outsider");
    const [row] = await projectRows(1, owner.id, Date.UTC(2027, 0, 1));
    const LIST = "{ projects(first: 5) { edges { node { id name } } } }";
    type List = { projects: { edges: { node: { id: string } }[] } };
    const before = await measured<List>(LIST, {}, outsider);
    expect(before.data.projects.edges).toEqual([]);

    const tuple = { namespace: "Project", object: row.id, relation: "viewers" };
    await api.grant(tuple, outsider.id);
    const after = await measured<List>(LIST, {}, outsider);
    expect(after.data.projects.edges.map((edge) => decodeGlobalID(edge.node.id).id)).toEqual([
      row.id,
    ]);

    await api.relationships.deleteRelationships({
      ...tuple,
      subjectSetNamespace: "User",
      subjectSetObject: outsider.id,
      subjectSetRelation: "",
    });
    const removed = await measured<List>(LIST, {}, outsider);
    expect(removed.data.projects.edges).toEqual([]);
  });

  it("follows group tuples written straight into Keto, nested groups included", async () => {
    const joiner = await api.signUp("Joiner");
    const [row] = await projectRows(1, owner.id, Date.UTC(2027, 1, 1));
    const [outer, inner] = [crypto.randomUUID(), crypto.randomUUID()];
    const members = (group: string) => ({ namespace: "Group", object: group, relation: "members" });
    for (const [object, relation, subject_set] of [
      [inner, "members", { namespace: "User", object: joiner.id, relation: "" }],
      // Keto objects need not be row ids (the seed's `everyone` group is not): they name no row.
      ["staff", "members", { namespace: "User", object: joiner.id, relation: "" }],
      [outer, "members", members(inner)],
    ] as const) {
      await api.relationships.createRelationship({
        createRelationshipBody: { namespace: "Group", object, relation, subject_set },
      });
    }
    await api.relationships.createRelationship({
      createRelationshipBody: {
        namespace: "Project",
        object: row.id,
        relation: "viewers",
        subject_set: members(outer),
      },
    });
    type Lists = {
      projects: { edges: { node: { id: string } }[] };
      groups: { edges: { node: { id: string } }[] };
    };
    const { data, keto } = await measured<Lists>(
      "{ projects(first: 5) { edges { node { id } } } groups(first: 5) { edges { node { id } } } }",
      {},
      joiner,
    );
    // The viewer, then inner and staff (unknown to the mirror), then outer.
    expect(keto.listingSteps).toBe(3);
    expect(data.projects.edges.map((edge) => decodeGlobalID(edge.node.id).id)).toEqual([row.id]);
    expect(data.groups.edges).toEqual([]);
  });

  it("reaches projects shared with a group the viewer belongs to through a nested group", async () => {
    const member = await api.signUp("Member");
    const auth = { token: owner.token };
    const outer = await create(api, "createGroup", { name: "Outer" }, auth);
    const inner = await create(api, "createGroup", { name: "Inner" }, auth);
    await create(api, "addGroupMember", { groupId: inner, email: member.email }, auth);
    await create(api, "addGroupMember", { groupId: outer, memberGroupId: inner }, auth);
    const shared = await create(api, "createProject", { name: "Shared" }, auth);
    await create(api, "shareProject", { projectId: shared, groupId: outer, role: "VIEWER" }, auth);

    const { data, keto } = await measured<{
      projects: { edges: { node: { id: string } }[] };
      groups: { edges: { node: { id: string } }[] };
    }>(
      "{ projects(first: 5) { edges { node { id } } } groups(first: 5) { edges { node { id } } } }",
      {},
      member,
    );
    expect(data.projects.edges.map((edge) => edge.node.id)).toEqual([shared]);
    expect(data.groups.edges.map((edge) => edge.node.id)).toEqual([inner, outer]);
    // The mirror knew both groups, so Keto's listing of them started with the viewer's.
    expect(keto).toMatchObject({ checkRounds: 1, listingSteps: 1 });
  });
});
