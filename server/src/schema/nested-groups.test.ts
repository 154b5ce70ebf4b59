import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";
import { create, mutate } from "../testing/domain-client.ts";

/**
 * A project owned by group Team, and a chain of groups below it made through the API:
 * level 1's members are Team's members, level 2's are level 1's, and so on. Each level has
 * one user of its own. Keto's configured depth (7, docs/decisions/0026-keto-read-depth.md)
 * lets three levels reach the project's documents, and four levels its project only.
 */
let api: TestApi;
let project: string;
let documentId: string;
const members: TestUser[] = [];

beforeAll(async () => {
  api = await startTestApi();
  const owner = await api.signUp("Owner");
  const auth = { token: owner.token };
  let parent = await create(api, "createGroup", { name: "Team" }, auth);
  project = await create(api, "createProject", { name: "Plans" }, auth);
  await create(api, "shareProject", { projectId: project, groupId: parent, role: "OWNER" }, auth);
  documentId = await create(api, "createDocument", { projectId: project, title: "Memo" }, auth);
  for (let level = 0; level <= 4; level += 1) {
    const group =
      level === 0 ? parent : await create(api, "createGroup", { name: `Level ${level}` }, auth);
    if (level > 0)
      await create(api, "addGroupMember", { groupId: parent, memberGroupId: group }, auth);
    const member = await api.signUp(`Member ${level}`);
    await create(api, "addGroupMember", { groupId: group, email: member.email }, auth);
    members.push(member);
    parent = group;
  }
});
afterAll(() => api?.close());

type Answer = {
  projects: {
    edges: {
      node: {
        id: string;
        viewerCan: { manage: boolean };
        documents: { edges: { node: { id: string; viewerCan: Record<string, boolean> } }[] };
      };
    }[];
  };
};

async function whatMemberSees(level: number) {
  const response = await api.graphql<Answer>(
    `{ projects(first: 5) { edges { node {
        id viewerCan { manage }
        documents(first: 5) { edges { node { id viewerCan { delete edit view } } } }
      } } } }`,
    {},
    { token: members[level].token },
  );
  expect(response.errors).toBeUndefined();
  return response.data?.projects.edges.map(({ node }) => ({
    project: node.id,
    manage: node.viewerCan.manage,
    documents: node.documents.edges.map((edge) => ({ id: edge.node.id, ...edge.node.viewerCan })),
  }));
}

describe("members of groups nested below a group that owns a project", () => {
  it.each([0, 1, 2, 3])(
    "at level %i manage the project and delete, edit and view its documents",
    async (level) => {
      expect(await whatMemberSees(level)).toEqual([
        {
          project,
          manage: true,
          documents: [{ id: documentId, delete: true, edit: true, view: true }],
        },
      ]);
    },
  );

  it("at level 4 still manage the project, but its documents lie past Keto's depth", async () => {
    expect(await whatMemberSees(4)).toEqual([{ project, manage: true, documents: [] }]);
  });
});

describe("adding a group that already contains the group", () => {
  it("is refused on memberGroupId, directly or through nesting, and changes nothing", async () => {
    const owner = await api.signUp("Nester");
    const auth = { token: owner.token };
    const outer = await create(api, "createGroup", { name: "Outer" }, auth);
    const middle = await create(api, "createGroup", { name: "Middle" }, auth);
    const design = await create(api, "createGroup", { name: "Design team" }, auth);
    // Design team is in Middle, which is in Outer.
    await create(api, "addGroupMember", { groupId: middle, memberGroupId: design }, auth);
    await create(api, "addGroupMember", { groupId: outer, memberGroupId: middle }, auth);
    const memberships = () => api.db.prisma.groupMembership.count();
    const before = await memberships();

    for (const member of [outer, middle]) {
      const result = await mutate(
        api,
        "addGroupMember",
        { groupId: design, memberGroupId: member },
        auth,
      );
      expect(result.outcome).toBe("invalid");
      expect(result.fieldErrors).toEqual([
        { path: ["input", "memberGroupId"], message: "that group already contains this one" },
      ]);
    }
    expect(await memberships()).toBe(before);

    // Groups beside each other still nest either way.
    const other = await create(api, "createGroup", { name: "Other" }, auth);
    const alongside = await memberships();
    await create(api, "addGroupMember", { groupId: design, memberGroupId: other }, auth);
    expect(await memberships()).toBe(alongside + 1);
  });
});
