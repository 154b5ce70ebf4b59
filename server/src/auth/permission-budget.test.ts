import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";
import { create } from "../testing/domain-client.ts";

/**
 * One request may send only so many distinct checks to Keto: here five. A
 * list of projects checks `view` on each candidate row.
 */
const budget = 5;
const listProjects = "{ projects(first: 10) { edges { node { id } } } }";
let api: TestApi;
let owner: TestUser;
const projectIds: string[] = [];

const createProject = async (name: string) =>
  projectIds.push(await create(api, "createProject", { name }, { token: owner.token }));

beforeAll(async () => {
  api = await startTestApi({ env: { AUTHZ_CHECK_BUDGET: String(budget) } });
  owner = await api.signUp("Owner");
  for (let index = 0; index < budget; index++) await createProject(`Project ${index}`);
});
afterAll(() => api?.close());

describe("the permission-check budget", () => {
  it("allows a request exactly its budget of checks", async () => {
    const response = await api.graphql<{ projects: { edges: unknown[] } }>(
      listProjects,
      {},
      { token: owner.token },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.projects.edges).toHaveLength(budget);
  });

  it("denies checks past the budget with AUTHZ_BUDGET_EXCEEDED", async () => {
    await createProject("One too many");
    const response = await api.graphql(listProjects, {}, { token: owner.token });
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual([
      "AUTHZ_BUDGET_EXCEEDED",
    ]);
    expect(response.errors?.[0].message).toBe(
      `This request needs more than ${budget} permission checks; ask for fewer or smaller pages.`,
    );
    expect(response.data).toBeNull();
  });

  it("counts a check asked again once, and starts afresh with each request", async () => {
    // Six asks of one check per request, six different checks in all: over the
    // budget if either repeated asks or earlier requests counted.
    const sameProjectSixTimes = ["a", "b", "c", "d", "e", "f"]
      .map((alias) => `${alias}: project(id: $id) { id }`)
      .join(" ");
    expect(projectIds.length).toBeGreaterThan(budget);
    for (const id of projectIds) {
      const response = await api.graphql(
        `query($id: ID!) { ${sameProjectSixTimes} }`,
        { id },
        { token: owner.token },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data?.f).toEqual({ id });
    }
  });
});
