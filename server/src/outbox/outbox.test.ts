import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";
import { create, mutate } from "../testing/domain-client.ts";

/**
 * Tuple changes ride in the same transaction as the data and reach Keto when
 * it can take them: a grant made while Keto is down is not lost, and nothing
 * reads as granted before Keto has it.
 */
let api: TestApi;
let owner: TestUser;
let friend: TestUser;

const PROJECT = "query($id: ID!) { project(id: $id) { id name } }";

beforeAll(async () => {
  api = await startTestApi({ database: "pg", env: { ORY_TIMEOUT_MS: "500" } });
  owner = await api.signUp("Owner");
  friend = await api.signUp("Friend");
});
afterAll(() => api?.close());
beforeEach(() => api.emulator.faults.clear());

const pending = () => api.db.prisma.tupleOutbox.count({ where: { deliveredAt: null } });

async function untilDelivered() {
  for (let attempt = 0; attempt < 200 && (await pending()) > 0; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(await pending()).toBe(0);
}

describe("the tuple outbox", () => {
  it("a share made while Keto is down succeeds, and lands when Keto is back", async () => {
    const projectId = await create(
      api,
      "createProject",
      { name: "Offline share" },
      { token: owner.token },
    );
    await api.emulator.faults.set("keto", { status: 503 });

    // Keto is asked first whether the owner may manage; down, that fails closed.
    const refused = await mutate(
      api,
      "shareProject",
      { projectId, email: friend.email, role: "VIEWER" },
      {
        token: owner.token,
      },
    );
    expect(refused.outcome).toBe("AUTHZ_UNAVAILABLE");
    expect(await api.db.prisma.projectGrant.count({ where: { userId: friend.id } })).toBe(0);

    // Only Keto's write API failing: checks pass, the write is queued.
    await api.emulator.faults.clear();
    const shared = await shareWhileWritesFail(projectId);
    expect(shared).toBe("ok");
    expect(await api.db.prisma.projectGrant.count({ where: { userId: friend.id } })).toBe(1);
    expect(await pending()).toBe(1);

    // Not granted before it lands.
    const before = await api.graphql(PROJECT, { id: projectId }, { token: friend.token });
    expect(before.data).toEqual({ project: null });

    const report = await api.services.outbox.deliver();
    expect(report).toMatchObject({ delivered: 1, pending: 0 });
    const after = await api.graphql(PROJECT, { id: projectId }, { token: friend.token });
    expect(after.data).toEqual({ project: { id: projectId, name: "Offline share" } });
  });

  it("a queued change survives a restart and is delivered by the new process", async () => {
    const projectId = await create(
      api,
      "createProject",
      { name: "Restart" },
      { token: owner.token },
    );
    expect(await shareWhileWritesFail(projectId)).toBe("ok");
    const row = await api.db.prisma.tupleOutbox.findFirstOrThrow({ where: { deliveredAt: null } });
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain("503");

    await api.restart();
    await untilDelivered();
    const after = await api.graphql(PROJECT, { id: projectId }, { token: friend.token });
    expect(after.data).toEqual({ project: { id: projectId, name: "Restart" } });
  });

  it("keeps order: a grant and its revoke queued together end revoked", async () => {
    const projectId = await create(api, "createProject", { name: "Order" }, { token: owner.token });
    expect(await shareWhileWritesFail(projectId)).toBe("ok");
    await withWritesFailing(() =>
      mutate(api, "unshareProject", { projectId, email: friend.email }, { token: owner.token }),
    );
    expect(await pending()).toBe(2);
    await api.services.outbox.deliver();
    expect(await pending()).toBe(0);
    const after = await api.graphql(PROJECT, { id: projectId }, { token: friend.token });
    expect(after.data).toEqual({ project: null });
  });

  it("the writer reads its own writes in the same response", async () => {
    const response = await api.graphql<{
      createProject: { project: { viewerCan: { manage: boolean } } };
    }>(
      `mutation { createProject(input: { name: "Mine" }) {
        ... on ProjectPayload { project { viewerCan { manage } } }
      } }`,
      {},
      { token: owner.token },
    );
    expect(response.data?.createProject.project.viewerCan.manage).toBe(true);
  });
});

/** Keto's write API refusing while its read API answers: checks pass, delivery fails. */
async function withWritesFailing<T>(run: () => Promise<T>): Promise<T> {
  await api.emulator.faults.set("keto", { status: 503, port: "write" });
  try {
    return await run();
  } finally {
    await api.emulator.faults.clear();
  }
}

async function shareWhileWritesFail(projectId: string) {
  const result = await withWritesFailing(() =>
    mutate(
      api,
      "shareProject",
      { projectId, email: friend.email, role: "VIEWER" },
      {
        token: owner.token,
      },
    ),
  );
  return result.outcome;
}
