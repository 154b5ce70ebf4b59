import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Auth, startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";
import { create, mutate, type Outcome } from "../testing/domain-client.ts";

/**
 * Every role against every query and mutation, with real tuples in the
 * emulator and real PostgreSQL. The owner built the world in beforeAll:
 * project P shared with an editor, a viewer and group G; G has a direct
 * member and, through nested group H, a nested member.
 */
type Role =
  | "owner"
  | "editor"
  | "viewer"
  | "groupMember"
  | "nestedMember"
  | "stranger"
  | "anonymous";
const roles: Role[] = [
  "owner",
  "editor",
  "viewer",
  "groupMember",
  "nestedMember",
  "stranger",
  "anonymous",
];

let api: TestApi;
const users = {} as Record<Exclude<Role, "anonymous">, TestUser>;
const auth = (role: Role): Auth =>
  role === "anonymous" ? undefined : { token: users[role].token };
let projectId: string;
let documentId: string;
let groupId: string;

beforeAll(async () => {
  api = await startTestApi({ database: "pg" });
  for (const role of roles) {
    if (role !== "anonymous") users[role] = await api.signUp(role);
  }
  const owner = auth("owner");
  projectId = await create(api, "createProject", { name: "Apollo", description: "moon" }, owner);
  documentId = await create(api, "createDocument", { projectId, title: "Plan", body: "go" }, owner);
  groupId = await create(api, "createGroup", { name: "Crew" }, owner);
  const nestedGroupId = await create(api, "createGroup", { name: "Backup crew" }, owner);
  await create(api, "addGroupMember", { groupId, email: users.groupMember.email }, owner);
  await create(
    api,
    "addGroupMember",
    { groupId: nestedGroupId, email: users.nestedMember.email },
    owner,
  );
  await create(api, "addGroupMember", { groupId, memberGroupId: nestedGroupId }, owner);
  for (const [role, grant] of [
    ["editor", "EDITOR"],
    ["viewer", "VIEWER"],
  ] as const) {
    await create(api, "shareProject", { projectId, email: users[role].email, role: grant }, owner);
  }
  await create(api, "shareProject", { projectId, groupId, role: "VIEWER" }, owner);
});
afterAll(() => api?.close());

/** Expected per role, in the order of `roles`. */
const expectations = (values: unknown[]) =>
  Object.fromEntries(roles.map((role, index) => [role, values[index]])) as Record<Role, unknown>;

const codes = (response: { errors?: { extensions?: { code?: string } }[] }) =>
  (response.errors ?? []).map((error) => error.extensions?.code);

describe("queries", () => {
  const seesProject = expectations([true, true, true, true, true, false, "UNAUTHENTICATED"]);

  it.each(roles)("project(id) as %s", async (role) => {
    const response = await api.graphql<{ project: { id: string } | null }>(
      "query($id: ID!) { project(id: $id) { id name } }",
      { id: projectId },
      auth(role),
    );
    const expected = seesProject[role];
    if (typeof expected === "string") {
      expect(codes(response)).toEqual([expected]);
    } else {
      expect(response.errors).toBeUndefined();
      expect(response.data?.project?.id ?? null).toBe(expected ? projectId : null);
    }
  });

  it.each(roles)("projects list as %s", async (role) => {
    const response = await api.graphql<{ projects: { edges: { node: { id: string } }[] } }>(
      "{ projects(first: 50) { edges { node { id } } } }",
      {},
      auth(role),
    );
    const expected = seesProject[role];
    if (typeof expected === "string") {
      expect(codes(response)).toEqual([expected]);
    } else {
      const ids = response.data?.projects.edges.map((edge) => edge.node.id) ?? [];
      expect(ids.includes(projectId)).toBe(expected);
    }
  });

  it.each(roles)("node(id) and nodes(ids) for the project and its document as %s", async (role) => {
    const response = await api.graphql<{
      a: { id: string } | null;
      b: { id: string } | null;
      both: ({ id: string } | null)[];
    }>(
      "query($p: ID!, $d: ID!) { a: node(id: $p) { id } b: node(id: $d) { id } both: nodes(ids: [$p, $d]) { id } }",
      { p: projectId, d: documentId },
      auth(role),
    );
    const visible = role !== "stranger" && role !== "anonymous";
    expect(response.errors).toBeUndefined();
    expect(response.data?.a?.id ?? null).toBe(visible ? projectId : null);
    expect(response.data?.b?.id ?? null).toBe(visible ? documentId : null);
    expect(response.data?.both.map((node) => node?.id ?? null)).toEqual(
      visible ? [projectId, documentId] : [null, null],
    );
  });

  const permits = expectations([
    { view: true, edit: true, manage: true },
    { view: true, edit: true, manage: false },
    { view: true, edit: false, manage: false },
    { view: true, edit: false, manage: false },
    { view: true, edit: false, manage: false },
    null,
    null,
  ]);

  it.each(roles.filter((role) => permits[role]))("viewerCan and documents as %s", async (role) => {
    const response = await api.graphql<{
      project: {
        viewerCan: Record<string, boolean>;
        collaborators: { role: string }[] | null;
        documents: { edges: { node: { id: string; viewerCan: Record<string, boolean> } }[] };
      };
    }>(
      `query($id: ID!) { project(id: $id) {
        viewerCan { view edit manage }
        collaborators { role user { email } group { name } }
        documents(first: 10) { edges { node { id viewerCan { view edit delete } } } }
      } }`,
      { id: projectId },
      auth(role),
    );
    expect(response.errors).toBeUndefined();
    const project = response.data?.project;
    expect(project?.viewerCan).toEqual(permits[role]);
    expect(project?.documents.edges.map((edge) => edge.node.id)).toContain(documentId);
    const document = project?.documents.edges.find((edge) => edge.node.id === documentId)?.node;
    const { edit, manage } = permits[role] as Record<string, boolean>;
    expect(document?.viewerCan).toEqual({ view: true, edit, delete: manage });
    // Collaborators are for those who manage the project; others get null, not an error.
    if (manage) {
      expect(project?.collaborators?.map((c) => c.role).sort()).toEqual([
        "EDITOR",
        "OWNER",
        "VIEWER",
        "VIEWER",
      ]);
    } else {
      expect(project?.collaborators).toBeNull();
    }
  });

  const seesGroup = expectations([true, false, false, true, true, false, "UNAUTHENTICATED"]);

  it.each(roles)("groups list and members as %s", async (role) => {
    const response = await api.graphql<{
      groups: { edges: { node: { id: string; members: { role: string }[] } }[] };
    }>("{ groups(first: 50) { edges { node { id members { role } } } } }", {}, auth(role));
    const expected = seesGroup[role];
    if (typeof expected === "string") {
      expect(codes(response)).toEqual([expected]);
      return;
    }
    expect(response.errors).toBeUndefined();
    const group = response.data?.groups.edges.find((edge) => edge.node.id === groupId);
    expect(Boolean(group)).toBe(expected);
    // The nested group is listed only to those who may see it.
    const seesNestedGroup = role === "owner" || role === "nestedMember";
    if (group)
      expect(group.node.members.map((m) => m.role).sort()).toEqual(
        seesNestedGroup ? ["MEMBER", "MEMBER", "OWNER"] : ["MEMBER", "OWNER"],
      );
  });
});

describe("mutations", () => {
  // owner, editor, viewer, groupMember, nestedMember, stranger, anonymous
  const editors = expectations([
    "ok",
    "ok",
    "forbidden",
    "forbidden",
    "forbidden",
    "not-found",
    "UNAUTHENTICATED",
  ]);
  const managers = expectations([
    "ok",
    "forbidden",
    "forbidden",
    "forbidden",
    "forbidden",
    "not-found",
    "UNAUTHENTICATED",
  ]);

  const check = (expected: Record<Role, unknown>, role: Role, outcome: Outcome) =>
    expect(`${role}: ${outcome}`).toBe(`${role}: ${expected[role]}`);

  it.each(roles)("updateProject as %s", async (role) => {
    const result = await mutate(
      api,
      "updateProject",
      { id: projectId, description: role },
      auth(role),
    );
    check(editors, role, result.outcome);
  });

  it.each(roles)("createDocument as %s", async (role) => {
    const result = await mutate(api, "createDocument", { projectId, title: role }, auth(role));
    check(editors, role, result.outcome);
  });

  it.each(roles)("updateDocument as %s", async (role) => {
    const result = await mutate(api, "updateDocument", { id: documentId, body: role }, auth(role));
    check(editors, role, result.outcome);
  });

  it.each(roles)("deleteDocument as %s", async (role) => {
    const doomed = await create(
      api,
      "createDocument",
      { projectId, title: "doomed" },
      auth("owner"),
    );
    const result = await mutate(api, "deleteDocument", { id: doomed }, auth(role));
    check(managers, role, result.outcome);
  });

  it.each(roles)("shareProject and unshareProject as %s", async (role) => {
    const extra = await api.signUp("Extra");
    const share = await mutate(
      api,
      "shareProject",
      { projectId, email: extra.email, role: "VIEWER" },
      auth(role),
    );
    check(managers, role, share.outcome);
    const unshare = await mutate(
      api,
      "unshareProject",
      { projectId, email: extra.email },
      auth(role),
    );
    check(managers, role, unshare.outcome);
  });

  it.each(roles)("deleteProject as %s", async (role) => {
    const doomed = await create(api, "createProject", { name: "Doomed" }, auth("owner"));
    await create(
      api,
      "shareProject",
      { projectId: doomed, groupId, role: "EDITOR" },
      auth("owner"),
    );
    await create(
      api,
      "shareProject",
      { projectId: doomed, email: users.editor.email, role: "EDITOR" },
      auth("owner"),
    );
    await create(
      api,
      "shareProject",
      { projectId: doomed, email: users.viewer.email, role: "VIEWER" },
      auth("owner"),
    );
    const result = await mutate(api, "deleteProject", { id: doomed }, auth(role));
    check(
      expectations([
        "ok",
        "forbidden",
        "forbidden",
        "forbidden",
        "forbidden",
        "not-found",
        "UNAUTHENTICATED",
      ]),
      role,
      result.outcome,
    );
  });

  const groupManagers = expectations([
    "ok",
    "not-found",
    "not-found",
    "forbidden",
    "forbidden",
    "not-found",
    "UNAUTHENTICATED",
  ]);

  it.each(roles)("addGroupMember and removeGroupMember as %s", async (role) => {
    const extra = await api.signUp("Extra");
    const add = await mutate(api, "addGroupMember", { groupId, email: extra.email }, auth(role));
    check(groupManagers, role, add.outcome);
    const remove = await mutate(
      api,
      "removeGroupMember",
      { groupId, email: extra.email },
      auth(role),
    );
    check(groupManagers, role, remove.outcome);
  });

  it.each(roles)("createGroup as %s", async (role) => {
    const result = await mutate(api, "createGroup", { name: `${role}'s group` }, auth(role));
    expect(result.outcome).toBe(role === "anonymous" ? "UNAUTHENTICATED" : "ok");
  });

  it.each(roles)("createProject as %s", async (role) => {
    const result = await mutate(api, "createProject", { name: `${role}'s project` }, auth(role));
    expect(result.outcome).toBe(role === "anonymous" ? "UNAUTHENTICATED" : "ok");
  });
});

describe("what the matrix leaves behind", () => {
  it("a deleted project takes its documents and every tuple with it", async () => {
    const owner = auth("owner");
    const doomed = await create(api, "createProject", { name: "Gone" }, owner);
    const document = await create(
      api,
      "createDocument",
      { projectId: doomed, title: "Gone too" },
      owner,
    );
    await create(api, "shareProject", { projectId: doomed, groupId, role: "VIEWER" }, owner);
    await create(api, "deleteProject", { id: doomed }, owner);
    const response = await api.graphql<{ nodes: unknown[] }>(
      "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
      { ids: [doomed, document] },
      owner,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.nodes).toEqual([null, null]);
    const objects = (await api.listTuples()).map((tuple) => tuple.object);
    const rawIds = [doomed, document].map(
      (id) => Buffer.from(id, "base64").toString().split(":")[1],
    );
    for (const raw of rawIds) expect(objects).not.toContain(raw);
    expect(await api.db.prisma.document.count({ where: { id: rawIds[1] } })).toBe(0);
  });
});
