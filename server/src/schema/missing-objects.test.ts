import { encodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";
import { create, mutate } from "../testing/domain-client.ts";

/**
 * Ids the viewer may see whose rows do not exist: a person never mirrored,
 * and objects Keto grants (tuples written straight to Keto) with no row, as
 * in the moment after a delete before Keto has caught up.
 */
let api: TestApi;
let viewer: TestUser;
let visibleProject: string;
const gone: Record<string, string> = {};

beforeAll(async () => {
  api = await startTestApi();
  viewer = await api.signUp("Viewer");
  visibleProject = await create(api, "createProject", { name: "Here" }, { token: viewer.token });
  gone.User = encodeGlobalID("User", crypto.randomUUID());
  for (const [namespace, relation] of [
    ["Project", "viewers"],
    ["Document", "owners"],
    ["Group", "members"],
  ]) {
    const id = crypto.randomUUID();
    await api.grant({ namespace, object: id, relation }, viewer.id);
    gone[namespace] = encodeGlobalID(namespace, id);
  }
});
afterAll(() => api?.close());

describe("a visible id whose row is gone", () => {
  it.each(["User", "Project", "Document", "Group"])(
    "reads as null through node(id:): %s",
    async (type) => {
      const response = await api.graphql(
        "query($id: ID!) { node(id: $id) { id } }",
        { id: gone[type] },
        { token: viewer.token },
      );
      expect(response).toEqual({ status: 200, data: { node: null } });
    },
  );

  it("is null in nodes(ids:) and leaves the other answers whole", async () => {
    const ids = [visibleProject, gone.User, gone.Project, gone.Document, gone.Group];
    const response = await api.graphql(
      "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
      { ids },
      { token: viewer.token },
    );
    expect(response).toEqual({
      status: 200,
      data: { nodes: [{ id: visibleProject }, null, null, null, null] },
    });
  });

  it("is null through project(id:)", async () => {
    const response = await api.graphql(
      "query($id: ID!) { project(id: $id) { id } }",
      { id: gone.Project },
      { token: viewer.token },
    );
    expect(response).toEqual({ status: 200, data: { project: null } });
  });

  it("a well-formed global id around something that is no row id reads as null", async () => {
    const response = await api.graphql(
      "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
      { ids: [encodeGlobalID("User", "x"), encodeGlobalID("Project", "x")] },
      { token: viewer.token },
    );
    expect(response).toEqual({ status: 200, data: { nodes: [null, null] } });
  });
});

describe("a row deleted between a mutation and its payload", () => {
  it("leaves the payload's object null instead of failing the mutation", async () => {
    // Another writer deletes the project in the instant after this update commits.
    await api.db.prisma.$executeRawUnsafe(`
      CREATE FUNCTION vanish() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN DELETE FROM "Project" WHERE id = NEW.id; RETURN NULL; END $$`);
    await api.db.prisma.$executeRawUnsafe(`
      CREATE TRIGGER vanish AFTER UPDATE ON "Project"
      FOR EACH ROW WHEN (NEW.name = 'vanish') EXECUTE FUNCTION vanish()`);
    const id = await create(api, "createProject", { name: "Soon gone" }, { token: viewer.token });
    const response = await api.graphql(
      `mutation($input: UpdateProjectInput!) {
        updateProject(input: $input) { ... on ProjectPayload { project { id name } } }
      }`,
      { input: { id, name: "vanish" } },
      { token: viewer.token },
    );
    expect(response).toEqual({ status: 200, data: { updateProject: { project: null } } });
    expect(
      await mutate(api, "updateProject", { id, name: "again" }, { token: viewer.token }),
    ).toMatchObject({
      outcome: "not-found",
    });
  });
});
