import { randomUUID } from "node:crypto";
import { IdentityApi } from "@ory/client-fetch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { oryConfiguration } from "../auth/ory.ts";
import { enqueueTupleChanges } from "../outbox/outbox.ts";
import { insert, remove, user } from "../outbox/tuples.ts";
import { startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";
import { create } from "../testing/domain-client.ts";
import { deliveryState } from "./delivery.ts";
import { grantedPermits } from "./granted-permits.ts";

/**
 * The mutation pipeline under Keto faults, on real PostgreSQL (so concurrent
 * duplicates really race) against the emulator: answers say what happened.
 */
let api: TestApi;
let owner: TestUser;

beforeAll(async () => {
  api = await startTestApi({ database: "pg" });
  owner = await api.signUp("Owner");
});
afterAll(() => api?.close());
beforeEach(() => api.emulator.faults.clear());

const createProject = `mutation($input: CreateProjectInput!) {
  createProject(input: $input) {
    __typename
    ... on ProjectPayload { permissionChanges project { id name viewerCan { view edit manage } } }
    ... on ValidationError { fieldErrors { path message } }
  }
}`;

type CreateAnswer = {
  createProject: {
    __typename: string;
    permissionChanges?: string;
    project?: { id: string; name: string; viewerCan: Record<string, boolean> };
    fieldErrors?: { path: string[]; message: string }[];
  };
};

const projectsNamed = (name: string) => api.db.prisma.project.count({ where: { name } });

async function visibleProjectNames(token: string): Promise<string[]> {
  const response = await api.graphql<{ projects: { edges: { node: { name: string } }[] } }>(
    "{ projects(first: 50) { edges { node { name } } } }",
    {},
    { token },
  );
  expect(response.errors).toBeUndefined();
  return response.data?.projects.edges.map((edge) => edge.node.name) ?? [];
}

describe.each([
  ["down", { down: true }],
  ["erroring", { status: 500 }],
])("createProject while Keto is %s", (_label, fault) => {
  it("answers saved and pending, creates once, and applies once Keto is back", async () => {
    const name = `Offline ${randomUUID()}`;
    await api.emulator.faults.set("keto", fault);
    const first = await api.graphql<CreateAnswer>(createProject, { input: { name } }, owner);
    expect(first.errors).toBeUndefined();
    expect(first.data?.createProject.permissionChanges).toBe("PENDING");
    // The writer reads its own write: the owner tuple's permits, without asking Keto.
    expect(first.data?.createProject.project).toMatchObject({
      name,
      viewerCan: { view: true, edit: true, manage: true },
    });
    expect(await projectsNamed(name)).toBe(1);

    await api.emulator.faults.clear();
    await api.services.outbox.deliver();
    expect(await visibleProjectNames(owner.token)).toContain(name);
    expect(await projectsNamed(name)).toBe(1);
  });
});

describe("idempotency keys", () => {
  it("a retry under the fault answers the first project, pending, and creates nothing", async () => {
    const name = `Keyed ${randomUUID()}`;
    const input = { name, idempotencyKey: randomUUID() };
    await api.emulator.faults.set("keto", { status: 503 });
    const first = await api.graphql<CreateAnswer>(createProject, { input }, owner);
    const retry = await api.graphql<CreateAnswer>(createProject, { input }, owner);
    expect(retry.errors).toBeUndefined();
    expect(retry.data?.createProject.project?.id).toBe(first.data?.createProject.project?.id);
    expect(retry.data?.createProject.permissionChanges).toBe("PENDING");
    expect(retry.data?.createProject.project?.viewerCan.manage).toBe(true);
    expect(await projectsNamed(name)).toBe(1);

    await api.emulator.faults.clear();
    const later = await api.graphql<CreateAnswer>(createProject, { input }, owner);
    expect(later.data?.createProject).toMatchObject({
      permissionChanges: "APPLIED",
      project: { id: first.data?.createProject.project?.id },
    });
    expect(await projectsNamed(name)).toBe(1);
  });

  it("concurrent duplicates create one project and answer it to both", async () => {
    const name = `Raced ${randomUUID()}`;
    const input = { name, idempotencyKey: randomUUID() };
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => api.graphql<CreateAnswer>(createProject, { input }, owner)),
    );
    const ids = new Set(answers.map((answer) => answer.data?.createProject.project?.id));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toEqual(expect.any(String));
    expect(await projectsNamed(name)).toBe(1);
  });

  it("the same key with other input is refused on the key and creates nothing", async () => {
    const idempotencyKey = randomUUID();
    await create(api, "createProject", { name: `First ${idempotencyKey}`, idempotencyKey }, owner);
    const other = `Other ${idempotencyKey}`;
    const answer = await api.graphql<CreateAnswer>(
      createProject,
      { input: { name: other, idempotencyKey } },
      owner,
    );
    expect(answer.data?.createProject.__typename).toBe("ValidationError");
    expect(answer.data?.createProject.fieldErrors).toEqual([
      { path: ["input", "idempotencyKey"], message: expect.stringContaining("different request") },
    ]);
    expect(await projectsNamed(other)).toBe(0);
  });

  it("keys belong to their viewer: another user's same key creates their own", async () => {
    const other = await api.signUp("Other");
    const idempotencyKey = randomUUID();
    const input = { name: `Shared key ${idempotencyKey}`, idempotencyKey };
    const mine = await create(api, "createProject", input, owner);
    const theirs = await create(api, "createProject", input, other);
    expect(theirs).not.toBe(mine);
  });

  it("createDocument and createGroup replay too", async () => {
    const projectId = await create(api, "createProject", { name: "Docs" }, owner);
    const documentInput = { projectId, title: "Once", idempotencyKey: randomUUID() };
    const document = await create(api, "createDocument", documentInput, owner);
    expect(await create(api, "createDocument", documentInput, owner)).toBe(document);
    const groupInput = { name: `Group ${randomUUID()}`, idempotencyKey: randomUUID() };
    const group = await create(api, "createGroup", groupInput, owner);
    expect(await create(api, "createGroup", groupInput, owner)).toBe(group);
    expect(await api.db.prisma.group.count({ where: { name: groupInput.name } })).toBe(1);
  });
});

describe("refused before any write", () => {
  it("updateProject with Keto down is AUTHZ_UNAVAILABLE, says so truly, changes nothing", async () => {
    const projectId = await create(api, "createProject", { name: "Unchanged" }, owner);
    const outboxBefore = await api.db.prisma.tupleOutbox.count();
    await api.emulator.faults.set("keto", { down: true });
    const answer = await api.graphql(
      `mutation($input: UpdateProjectInput!) {
        updateProject(input: $input) { __typename }
      }`,
      { input: { id: projectId, name: "Changed" } },
      owner,
    );
    expect(answer.errors?.[0].extensions?.code).toBe("AUTHZ_UNAVAILABLE");
    expect(answer.errors?.[0].message).toContain("refused before it changed anything");
    await api.emulator.faults.clear();
    expect(await api.db.prisma.project.count({ where: { name: "Changed" } })).toBe(0);
    expect(await api.db.prisma.tupleOutbox.count()).toBe(outboxBefore);
  });

  it("in one operation, the refusal of a later mutation does not deny the earlier commit", async () => {
    const projectId = await create(api, "createProject", { name: "Stays" }, owner);
    const name = `Beside ${randomUUID()}`;
    await api.emulator.faults.set("keto", { down: true });
    const answer = await api.graphql<{ a: { permissionChanges: string } | null }>(
      `mutation($create: CreateProjectInput!, $update: UpdateProjectInput!) {
        a: createProject(input: $create) { ... on ProjectPayload { permissionChanges } }
        b: updateProject(input: $update) { __typename }
      }`,
      { create: { name }, update: { id: projectId, name: "Gone" } },
      owner,
    );
    // Root mutation fields are non-null, so GraphQL nulls the whole answer; the one error
    // speaks for its own mutation only, and a's project was committed.
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors?.[0].path).toEqual(["b"]);
    expect(answer.errors?.[0].message).toContain("this mutation was refused");
    expect(answer.errors?.[0].message).not.toMatch(/nothing was (shown or )?changed/);
    expect(await projectsNamed(name)).toBe(1);
  });
});

describe("the writer's own grants", () => {
  it("only inserts that no later change undoes are answered as granted", async () => {
    const project = randomUUID();
    const viewer = randomUUID();
    const ids = await api.db.prisma.$transaction((tx) =>
      enqueueTupleChanges(tx, [
        remove("Project", project, "owners", user(viewer)),
        insert("Project", project, "viewers", user(viewer)),
      ]),
    );
    const standing = await deliveryState(api.db.prisma, ids);
    expect(grantedPermits(standing.standingGrants, viewer)).toEqual([
      { namespace: "Project", object: project, relation: "view" },
    ]);

    // Another request revokes after the grant: the grant no longer stands.
    await api.db.prisma.$transaction((tx) =>
      enqueueTupleChanges(tx, [remove("Project", project, "viewers", user(viewer))]),
    );
    const revoked = await deliveryState(api.db.prisma, ids);
    expect(grantedPermits(revoked.standingGrants, viewer)).toEqual([]);
    await api.services.outbox.deliver();
  });
});

describe("sharing by email does not tell whether an account exists", () => {
  const selection = (payload: string) => `
    __typename
    ... on ${payload}
    ... on Error { message }
    ... on ValidationError { fieldErrors { path message } }`;
  const project = selection("ProjectPayload { permissionChanges project { id name } }");
  const group = selection("GroupPayload { permissionChanges group { id name } }");

  async function run(name: string, input: Record<string, unknown>) {
    const inputType = `${name[0].toUpperCase()}${name.slice(1)}Input`;
    const fields = name.includes("Group") ? group : project;
    const response = await api.graphql(
      `mutation($input: ${inputType}!) { ${name}(input: $input) { ${fields} } }`,
      { input },
      owner,
    );
    return { status: response.status, errors: response.errors, data: response.data };
  }

  it("known and unknown emails get the same answers to share, unshare and membership", async () => {
    const known = await api.signUp("Known");
    const unknown = `${randomUUID()}@example.test`;
    const projectId = await create(api, "createProject", { name: "Shared" }, owner);
    const groupId = await create(api, "createGroup", { name: "Team" }, owner);
    for (const [name, input] of [
      ["shareProject", { projectId, role: "EDITOR" }],
      ["unshareProject", { projectId }],
      ["addGroupMember", { groupId }],
      ["removeGroupMember", { groupId }],
    ] as const) {
      const forKnown = await run(name, { ...input, email: known.email });
      const forUnknown = await run(name, { ...input, email: unknown });
      expect(forUnknown).toEqual(forKnown);
      expect(forKnown.errors).toBeUndefined();
    }
  });

  it("an invitation applies when that person signs up with the email verified", async () => {
    const email = `${randomUUID()}@example.test`;
    const projectId = await create(api, "createProject", { name: `Invited ${email}` }, owner);
    const groupId = await create(api, "createGroup", { name: `Invited ${email}` }, owner);
    await create(api, "shareProject", { projectId, email, role: "VIEWER" }, owner);
    await create(api, "addGroupMember", { groupId, email }, owner);

    const password = `pw-${randomUUID()}`;
    const identities = new IdentityApi(oryConfiguration(api.emulator.urls.kratosAdmin, 5_000));
    await identities.createIdentity({
      createIdentityBody: {
        schema_id: "default",
        traits: { email, name: "Newcomer" },
        credentials: { password: { config: { password } } },
        verifiable_addresses: [{ value: email, verified: true, via: "email", status: "completed" }],
      },
    });
    const token = await api.login(email, password);
    expect(await visibleProjectNames(token)).toContain(`Invited ${email}`);
    const groups = await api.graphql<{ groups: { edges: { node: { id: string } }[] } }>(
      "{ groups(first: 50) { edges { node { id } } } }",
      {},
      { token },
    );
    expect(groups.data?.groups.edges.map((edge) => edge.node.id)).toContain(groupId);
    expect(await api.db.prisma.projectInvitation.count({ where: { email } })).toBe(0);
  });

  it("an unverified account with the email does not claim the invitation", async () => {
    const email = `${randomUUID()}@example.test`;
    const projectId = await create(api, "createProject", { name: `Claimed ${email}` }, owner);
    await create(api, "shareProject", { projectId, email, role: "OWNER" }, owner);
    const password = `pw-${randomUUID()}`;
    const identities = new IdentityApi(oryConfiguration(api.emulator.urls.kratosAdmin, 5_000));
    await identities.createIdentity({
      createIdentityBody: {
        schema_id: "default",
        traits: { email, name: "Squatter" },
        credentials: { password: { config: { password } } },
      },
    });
    const token = await api.login(email, password);
    expect(await visibleProjectNames(token)).not.toContain(`Claimed ${email}`);
    expect(await api.db.prisma.projectInvitation.count({ where: { email } })).toBe(1);
  });
});
