import type { TestApi, TestUser } from "../src/testing/api-harness.ts";

/**
 * Seeds through the API's own mutations, so every project has its rows in the
 * database and its tuples in Keto (written by the outbox), exactly as users
 * would have made them.
 */
const createProject = `mutation($input: CreateProjectInput!) {
  createProject(input: $input) { __typename ... on ProjectPayload { project { id } } }
}`;

const shareProject = `mutation($input: ShareProjectInput!) {
  shareProject(input: $input) { __typename }
}`;

async function mutate(
  api: TestApi,
  user: TestUser,
  query: string,
  input: Record<string, unknown>,
): Promise<Record<string, { __typename: string; project?: { id: string } }>> {
  const response = await api.graphql<Record<string, { __typename: string }>>(
    query,
    { input },
    { token: user.token },
  );
  const result = response.data ? Object.values(response.data)[0] : undefined;
  if (response.errors || !result || result.__typename !== "ProjectPayload") {
    throw new Error(`seeding failed: ${JSON.stringify(response)}`);
  }
  return response.data as Record<string, { __typename: string; project?: { id: string } }>;
}

/** Projects the owner creates, oldest first; returns their global ids in creation order. */
export async function createProjects(
  api: TestApi,
  owner: TestUser,
  count: number,
  label: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const data = await mutate(api, owner, createProject, { name: `${label} ${index + 1}` });
    ids.push(data.createProject.project?.id as string);
  }
  return ids;
}

/** Shares each project with the viewer as VIEWER. */
export async function shareWith(
  api: TestApi,
  owner: TestUser,
  projectIds: string[],
  viewer: TestUser,
): Promise<void> {
  for (const projectId of projectIds) {
    await mutate(api, owner, shareProject, { projectId, email: viewer.email, role: "VIEWER" });
  }
}

/** `visible` of `ids`, spread evenly, so hidden rows sit between visible ones. */
export function spreadEvenly<T>(ids: T[], visible: number): T[] {
  return Array.from(
    { length: visible },
    (_, index) => ids[Math.floor((index * ids.length) / visible)],
  );
}
