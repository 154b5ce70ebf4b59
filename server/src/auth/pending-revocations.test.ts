import { PermissionApi } from "@ory/client-fetch";
import { decodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dropRows } from "../outbox/admin.ts";
import { type Auth, startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";
import { create, mutate } from "../testing/domain-client.ts";
import { oryConfiguration } from "./ory.ts";
import { pendingRevocations } from "./pending-revocations.ts";

/**
 * A revoke that Keto has not confirmed yet denies in this API at once, on every
 * replica, even while Keto itself still allows. Keto's write API fails through
 * the emulator's per-port fault while its read API keeps answering.
 */
let api: TestApi;
let replica: Awaited<ReturnType<TestApi["startReplica"]>>;
let owner: TestUser;
let friend: TestUser;
let other: TestUser;

beforeAll(async () => {
  api = await startTestApi({ database: "pg", env: { ORY_TIMEOUT_MS: "1000" } });
  replica = await api.startReplica();
  [owner, friend, other] = [
    await api.signUp("Owner"),
    await api.signUp("Friend"),
    await api.signUp("Other"),
  ];
});
afterAll(async () => {
  await replica?.close();
  await api?.close();
});
beforeEach(async () => {
  await api.emulator.faults.clear();
  await api.services.outbox.deliver();
});

const as = (user: TestUser): Auth => ({ token: user.token });
const writesFail = () => api.emulator.faults.set("keto", { status: 503, port: "write" });
const pending = () => api.db.prisma.tupleOutbox.count({ where: { deliveredAt: null } });

/** Whether `node(id:)` shows the object to the user, on the first app or on the replica. */
async function sees(user: TestUser, id: string, on: Pick<TestApi, "graphql"> = api) {
  const response = await on.graphql<{ node: { id: string } | null }>(
    "query($id: ID!) { node(id: $id) { id } }",
    { id },
    as(user),
  );
  expect(response.errors).toBeUndefined();
  return response.data?.node?.id === id;
}

/** The projects the user's list shows, as `projects` answers them. */
async function listed(user: TestUser, on: Pick<TestApi, "graphql"> = api) {
  const response = await on.graphql<{ projects: { edges: { node: { id: string } }[] } }>(
    "{ projects(first: 50) { edges { node { id } } } }",
    {},
    as(user),
  );
  expect(response.errors).toBeUndefined();
  return response.data?.projects.edges.map((edge) => edge.node.id) ?? [];
}

/** Keto's own answer, bypassing the API. */
async function ketoAllows(user: TestUser, globalId: string, relation: string) {
  const { typename, id } = decodeGlobalID(globalId);
  const permissions = new PermissionApi(oryConfiguration(api.emulator.urls.ketoRead, 2_000));
  const { allowed } = await permissions.checkPermission({
    namespace: typename,
    object: id,
    relation,
    subjectSetNamespace: "User",
    subjectSetObject: user.id,
    subjectSetRelation: "",
  });
  return allowed;
}

async function projectWithDocument(name: string) {
  const projectId = await create(api, "createProject", { name }, as(owner));
  const documentId = await create(
    api,
    "createDocument",
    { projectId, title: `${name} notes` },
    as(owner),
  );
  return { projectId, documentId };
}

async function ok(name: string, input: Record<string, unknown>) {
  expect((await mutate(api, name, input, as(owner))).outcome).toBe("ok");
}

describe("a queued revoke", () => {
  it("denies the user at once on every replica, while Keto still allows, until re-granted", async () => {
    const { projectId, documentId } = await projectWithDocument("Revoked");
    await ok("shareProject", { projectId, email: friend.email, role: "VIEWER" });
    expect(await sees(friend, projectId)).toBe(true);
    expect(await sees(friend, documentId, replica)).toBe(true);

    await writesFail();
    await ok("unshareProject", { projectId, email: friend.email });
    expect(await pending()).toBe(1);
    expect(await ketoAllows(friend, projectId, "view")).toBe(true);

    for (const app of [api, replica]) {
      expect(await sees(friend, projectId, app)).toBe(false);
      expect(await sees(friend, documentId, app)).toBe(false);
      // A revoke of one user's tuple leaves everyone else's checks alone.
      expect(await sees(owner, projectId, app)).toBe(true);
    }

    await api.emulator.faults.clear();
    expect(await api.services.outbox.deliver()).toMatchObject({ delivered: 1, pending: 0 });
    expect(await ketoAllows(friend, projectId, "view")).toBe(false);
    expect(await sees(friend, projectId, replica)).toBe(false);

    await ok("shareProject", { projectId, email: friend.email, role: "VIEWER" });
    expect(await sees(friend, projectId)).toBe(true);
    expect(await sees(friend, documentId, replica)).toBe(true);
  });

  it("of a user's group membership denies all of that user's checks; other members keep theirs", async () => {
    const groupId = await create(api, "createGroup", { name: "Team" }, as(owner));
    await ok("addGroupMember", { groupId, email: friend.email });
    await ok("addGroupMember", { groupId, email: other.email });
    const { projectId } = await projectWithDocument("Team project");
    await ok("shareProject", { projectId, groupId, role: "VIEWER" });
    const friendsOwn = await create(api, "createProject", { name: "Friend's" }, as(friend));
    expect(await sees(friend, projectId)).toBe(true);

    await writesFail();
    await ok("removeGroupMember", { groupId, email: friend.email });
    expect(await ketoAllows(friend, projectId, "view")).toBe(true);
    expect(await sees(friend, projectId, replica)).toBe(false);
    // What is reachable through a group is not known here, so the user's every check waits,
    // those that Keto's listing of their own tuples would answer too.
    expect(await sees(friend, friendsOwn, replica)).toBe(false);
    expect(await listed(friend, replica)).toEqual([]);
    expect(await sees(other, projectId, replica)).toBe(true);

    await api.emulator.faults.clear();
    await api.services.outbox.deliver();
    expect(await sees(friend, projectId)).toBe(false);
    expect(await sees(friend, friendsOwn)).toBe(true);
    expect(await listed(friend)).toContain(friendsOwn);
  });

  it("of a nested group denies the members of that group, directly or through nesting", async () => {
    const outer = await create(api, "createGroup", { name: "Outer" }, as(owner));
    const inner = await create(api, "createGroup", { name: "Inner" }, as(owner));
    const innermost = await create(api, "createGroup", { name: "Innermost" }, as(owner));
    await ok("addGroupMember", { groupId: inner, memberGroupId: innermost });
    await ok("addGroupMember", { groupId: innermost, email: friend.email });
    await ok("addGroupMember", { groupId: outer, memberGroupId: inner });
    await ok("addGroupMember", { groupId: outer, email: other.email });
    const { projectId } = await projectWithDocument("Nested");
    await ok("shareProject", { projectId, groupId: outer, role: "VIEWER" });
    expect(await sees(friend, projectId)).toBe(true);

    await writesFail();
    await ok("removeGroupMember", { groupId: outer, memberGroupId: inner });
    expect(await ketoAllows(friend, projectId, "view")).toBe(true);
    expect(await sees(friend, projectId, replica)).toBe(false);
    expect(await sees(other, projectId, replica)).toBe(true);
  });

  it("of a group's grant denies the group's members on that project and its documents", async () => {
    const groupId = await create(api, "createGroup", { name: "Readers" }, as(owner));
    await ok("addGroupMember", { groupId, email: other.email });
    const { projectId, documentId } = await projectWithDocument("Group grant");
    const unrelated = await create(api, "createProject", { name: "Unrelated" }, as(other));
    await ok("shareProject", { projectId, groupId, role: "VIEWER" });
    expect(await sees(other, documentId)).toBe(true);

    await writesFail();
    await ok("unshareProject", { projectId, groupId });
    expect(await sees(other, projectId, replica)).toBe(false);
    expect(await sees(other, documentId, replica)).toBe(false);
    // Only the group's members may lose something: the owner is not one of them.
    expect(await sees(owner, projectId, replica)).toBe(true);
    expect(await sees(other, unrelated, replica)).toBe(true);

    await api.emulator.faults.clear();
    await api.services.outbox.deliver();
    expect(await sees(other, documentId)).toBe(false);
  });

  it("of a whole object denies everyone on it and, for a project, on its documents", async () => {
    const { projectId, documentId } = await projectWithDocument("Deleted");
    const kept = await projectWithDocument("Kept");
    await ok("shareProject", { projectId, email: friend.email, role: "EDITOR" });
    await writesFail();
    expect((await mutate(api, "deleteProject", { id: projectId }, as(owner))).outcome).toBe("ok");
    expect(await ketoAllows(friend, documentId, "view")).toBe(true);

    // The rows are gone, so ask the overlay itself what it denies.
    const raw = (globalId: string) => {
      const { typename, id } = decodeGlobalID(globalId);
      return { namespace: typename, object: id, relation: "view" };
    };
    const overlay = pendingRevocations(api.db.prisma);
    const checks = [projectId, documentId, kept.projectId, kept.documentId].map(raw);
    expect(await overlay.affects(friend.id, checks)).toEqual([true, true, false, false]);
    expect(await overlay.affects(owner.id, checks)).toEqual([true, true, false, false]);
  });

  it("still denies when dead-lettered; dropping it leaves Keto's answer", async () => {
    const { projectId } = await projectWithDocument("Dead letter");
    await ok("shareProject", { projectId, email: friend.email, role: "VIEWER" });
    await writesFail();
    await ok("unshareProject", { projectId, email: friend.email });
    const row = await api.db.prisma.tupleOutbox.findFirstOrThrow({ where: { deliveredAt: null } });
    // As the dispatcher leaves a row Keto refused for good (dead-letters.test.ts).
    await api.db.prisma.tupleOutbox.update({
      where: { id: row.id },
      data: { deadLetteredAt: new Date() },
    });
    await api.emulator.faults.clear();
    expect(await api.services.outbox.deliver()).toMatchObject({ delivered: 0, pending: 0 });
    expect(await ketoAllows(friend, projectId, "view")).toBe(true);
    expect(await sees(friend, projectId)).toBe(false);

    expect(await dropRows(api.db.prisma, row.id)).toEqual({ dropped: 1, keptPending: 0 });
    expect(await sees(friend, projectId, replica)).toBe(true);
  });
});
