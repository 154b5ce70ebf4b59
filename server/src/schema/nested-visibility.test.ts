import { decodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";
import { create } from "../testing/domain-client.ts";

/**
 * The viewer owns a group and a project. Each holds a group the viewer may
 * see and one only a stranger may see (rows written as the stranger's own
 * sharing would leave them; the viewer never learns of that group).
 */
let api: TestApi;
let viewer: TestUser;
let group: string;
let project: string;
let seenGroup: string;

const rowId = (globalId: string) => decodeGlobalID(globalId).id;

beforeAll(async () => {
  api = await startTestApi();
  viewer = await api.signUp("Viewer");
  const stranger = await api.signUp("Stranger");
  const auth = { token: viewer.token };
  group = await create(api, "createGroup", { name: "Team" }, auth);
  seenGroup = await create(api, "createGroup", { name: "Friends" }, auth);
  project = await create(api, "createProject", { name: "Plans" }, auth);
  const hiddenGroup = await create(
    api,
    "createGroup",
    { name: "Secret" },
    { token: stranger.token },
  );
  await create(api, "addGroupMember", { groupId: group, memberGroupId: seenGroup }, auth);
  await create(
    api,
    "shareProject",
    { projectId: project, groupId: seenGroup, role: "VIEWER" },
    auth,
  );
  await api.db.prisma.groupMembership.create({
    data: { groupId: rowId(group), memberGroupId: rowId(hiddenGroup), role: "MEMBER" },
  });
  await api.db.prisma.projectGrant.create({
    data: { projectId: rowId(project), groupId: rowId(hiddenGroup), role: "EDITOR" },
  });
});
afterAll(() => api?.close());

describe("nested groups the viewer may not see", () => {
  it("are left out of Group.members, without an error", async () => {
    const response = await api.graphql(
      `query($id: ID!) { node(id: $id) { ... on Group {
        members { role user { id } group { id name } }
      } } }`,
      { id: group },
      { token: viewer.token },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      node: {
        members: [
          { role: "OWNER", user: { id: expect.any(String) }, group: null },
          { role: "MEMBER", user: null, group: { id: seenGroup, name: "Friends" } },
        ],
      },
    });
  });

  it("are left out of Project.collaborators, without an error", async () => {
    const response = await api.graphql(
      `query($id: ID!) { project(id: $id) {
        collaborators { role user { id } group { id name } }
      } }`,
      { id: project },
      { token: viewer.token },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      project: {
        collaborators: [
          { role: "OWNER", user: { id: expect.any(String) }, group: null },
          { role: "VIEWER", user: null, group: { id: seenGroup, name: "Friends" } },
        ],
      },
    });
  });
});
