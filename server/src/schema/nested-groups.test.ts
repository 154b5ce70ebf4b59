import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";
import { create } from "../testing/domain-client.ts";

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
