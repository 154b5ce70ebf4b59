import { encodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";
import { create, mutate } from "../testing/domain-client.ts";

/** Bad input gets a clear answer naming the field, and changes nothing. */
let api: TestApi;
let owner: TestUser;
let projectId: string;
let groupId: string;

beforeAll(async () => {
  api = await startTestApi();
  owner = await api.signUp("Owner");
  projectId = await create(api, "createProject", { name: "Kept" }, { token: owner.token });
  groupId = await create(api, "createGroup", { name: "Kept group" }, { token: owner.token });
});
afterAll(() => api?.close());

async function nothingChanges(run: () => Promise<unknown>) {
  const counts = () =>
    Promise.all([
      api.db.prisma.project.count(),
      api.db.prisma.document.count(),
      api.db.prisma.projectGrant.count(),
      api.db.prisma.groupMembership.count(),
      api.db.prisma.tupleOutbox.count(),
      api.listTuples().then((tuples) => tuples.length),
    ]);
  const before = await counts();
  await run();
  expect(await counts()).toEqual(before);
}

describe("invalid mutation input", () => {
  it.each([
    ["createProject", () => ({ name: "   " }), ["input", "name"], "must not be empty"],
    ["createProject", () => ({ name: "x".repeat(121) }), ["input", "name"], "at most 120"],
    ["updateProject", () => ({ id: "not-an-id", name: "n" }), ["input", "id"], "id of a Project"],
    ["updateProject", () => ({ id: groupId, name: "n" }), ["input", "id"], "id of a Project"],
    ["createDocument", () => ({ projectId, title: "" }), ["input", "title"], "must not be empty"],
    [
      "createProject",
      () => ({ name: "n", idempotencyKey: "short" }),
      ["input", "idempotencyKey"],
      "8 to 128 characters",
    ],
    [
      "createGroup",
      () => ({ name: "n", idempotencyKey: "has spaces in it" }),
      ["input", "idempotencyKey"],
      "8 to 128 characters",
    ],
    [
      "shareProject",
      () => ({ projectId, email: "not an email", role: "VIEWER" }),
      ["input", "email"],
      "email address",
    ],
    [
      "shareProject",
      () => ({ projectId, email: owner.email, groupId, role: "VIEWER" }),
      ["input"],
      "either an email or a groupId",
    ],
    [
      "shareProject",
      () => ({ projectId, groupId: encodeGlobalID("Group", crypto.randomUUID()), role: "VIEWER" }),
      ["input", "groupId"],
      "no such group",
    ],
    [
      "unshareProject",
      () => ({ projectId, email: owner.email }),
      ["input"],
      "a project needs at least one owner",
    ],
    [
      "shareProject",
      () => ({ projectId, email: owner.email, role: "EDITOR" }),
      ["input"],
      "a project needs at least one owner",
    ],
    [
      "addGroupMember",
      () => ({ groupId, memberGroupId: groupId }),
      ["input", "memberGroupId"],
      "itself",
    ],
    [
      "removeGroupMember",
      () => ({ groupId, email: owner.email }),
      ["input"],
      "a group needs at least one owner",
    ],
  ])("%s with %s is refused on the right field", async (name, input, path, message) => {
    await nothingChanges(async () => {
      const result = await mutate(api, name, input(), { token: owner.token });
      expect(result.outcome).toBe("invalid");
      expect(result.fieldErrors).toEqual([{ path, message: expect.stringContaining(message) }]);
    });
  });

  it("reports every problem at once", async () => {
    const result = await mutate(
      api,
      "createProject",
      { name: "", description: "d".repeat(2_001) },
      { token: owner.token },
    );
    expect(result.fieldErrors?.map((error) => error.path.join("."))).toEqual([
      "input.name",
      "input.description",
    ]);
  });

  it("a malformed global id in a query is just not found", async () => {
    const response = await api.graphql(
      "query($id: ID!) { project(id: $id) { id } node(id: $id) { id } }",
      { id: "%%%" },
      { token: owner.token },
    );
    const codes = (response.errors ?? []).map((error) => error.extensions?.code);
    expect(codes).not.toContain("INTERNAL_SERVER_ERROR");
    expect(response.data?.project ?? null).toBeNull();
  });

  it("a query nested deeper than the limit is refused before anything runs", async () => {
    let nested = "id";
    for (let level = 0; level < 7; level++) {
      nested = `documents(first: 1) { edges { node { project { ${nested} } } } }`;
    }
    const deep = await api.graphql(
      `query($id: ID!) { project(id: $id) { ${nested} } }`,
      { id: projectId },
      { token: owner.token },
    );
    expect(deep.errors?.[0].extensions?.code).toBe("QUERY_TOO_COMPLEX");
    expect(deep.errors?.[0].message).toMatch(/depth limit of 12 exceeded, found \d+/);
    expect(deep.data).toBeUndefined();
    const fine = await api.graphql(
      `query($id: ID!) { project(id: $id) { documents(first: 1) { edges { node { project { id } } } } } }`,
      { id: projectId },
      { token: owner.token },
    );
    expect(fine.errors).toBeUndefined();
  });

  it("a request that does not match the schema is refused before anything runs", async () => {
    await nothingChanges(async () => {
      const response = await api.graphql(
        'mutation { createProject(input: { nom: "x" }) { __typename } }',
        {},
        { token: owner.token },
      );
      expect(response.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    });
  });
});
