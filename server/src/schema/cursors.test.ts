import { encodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";
import { create } from "../testing/domain-client.ts";

/**
 * The viewer may see two projects with 1,050 hidden ones between them, and
 * reads them one per page: no cursor may name a row between them. The grants
 * are written straight into Keto, so the list finds them through Keto's own
 * listing of the viewer's tuples, not the API's grant mirror.
 */
let api: TestApi;
let viewer: TestUser;
const hidden: { id: string; createdAt: Date }[] = [];
let newest: string;
let oldest: string;

const FORWARD = `query($after: String) {
  projects(first: 1, after: $after) {
    edges { cursor node { id } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const BACKWARD = `query($before: String) {
  projects(last: 1, before: $before) {
    edges { cursor node { id } }
    pageInfo { hasPreviousPage startCursor }
  }
}`;

type Forward = {
  projects: {
    edges: { cursor: string; node: { id: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string };
  };
};
type Backward = {
  projects: {
    edges: { cursor: string; node: { id: string } }[];
    pageInfo: { hasPreviousPage: boolean; startCursor: string };
  };
};

/** Every way a cursor could spell a row: its id as text or bytes, its time as text or a number. */
function spellings(row: { id: string; createdAt: Date }): string[] {
  const ms = row.createdAt.getTime();
  const msBytes = Buffer.alloc(8);
  msBytes.writeBigInt64BE(BigInt(ms));
  return [
    row.id,
    row.id.replaceAll("-", ""),
    row.createdAt.toISOString(),
    String(ms),
    msBytes.toString("hex"),
  ];
}

function expectToNameNoHiddenRow(cursor: string) {
  const bytes = Buffer.from(cursor, "base64url");
  const readings = [cursor, bytes.toString("latin1"), bytes.toString("hex")].join("\n");
  for (const row of hidden) {
    for (const spelling of spellings(row)) expect(readings).not.toContain(spelling);
  }
}

beforeAll(async () => {
  api = await startTestApi({
    database: "pg",
    env: { CURSOR_SECRET: "a-test-secret-that-is-at-least-32-characters" },
  });
  viewer = await api.signUp("Viewer");
  const owner = await api.signUp("Owner");
  const start = Date.UTC(2026, 0, 1);
  const rows = Array.from({ length: 1_052 }, (_, index) => ({
    id: crypto.randomUUID(),
    name: `Project ${index}`,
    createdById: owner.id,
    createdAt: new Date(start + index * 1_000),
  }));
  await api.db.prisma.project.createMany({ data: rows });
  const [first, ...rest] = rows;
  const last = rest.pop() as (typeof rows)[number];
  for (const project of [first, last]) {
    await api.grant({ namespace: "Project", object: project.id, relation: "viewers" }, viewer.id);
  }
  hidden.push(...rest);
  newest = encodeGlobalID("Project", last.id);
  oldest = encodeGlobalID("Project", first.id);
});
afterAll(() => api?.close());

describe("opaque cursors", () => {
  it("the next page resumes from a cursor that names no hidden row", async () => {
    const auth = { token: viewer.token };
    const first = await api.graphql<Forward>(FORWARD, { after: null }, auth);
    const page = (first.data as Forward).projects;
    expect(page.edges.map((edge) => edge.node.id)).toEqual([newest]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expectToNameNoHiddenRow(page.pageInfo.endCursor);
    for (const edge of page.edges) expectToNameNoHiddenRow(edge.cursor);

    const second = await api.graphql<Forward>(FORWARD, { after: page.pageInfo.endCursor }, auth);
    expect(second.errors).toBeUndefined();
    const next = (second.data as Forward).projects;
    expect(next.edges.map((edge) => edge.node.id)).toEqual([oldest]);
    expect(next.pageInfo.hasNextPage).toBe(false);
  });

  it("backwards too: startCursor names no hidden row", async () => {
    const auth = { token: viewer.token };
    const first = await api.graphql<Backward>(BACKWARD, { before: null }, auth);
    const page = (first.data as Backward).projects;
    expect(page.edges.map((edge) => edge.node.id)).toEqual([oldest]);
    expect(page.pageInfo.hasPreviousPage).toBe(true);
    expectToNameNoHiddenRow(page.pageInfo.startCursor);

    const second = await api.graphql<Backward>(
      BACKWARD,
      { before: page.pageInfo.startCursor },
      auth,
    );
    expect((second.data as Backward).projects.edges.map((edge) => edge.node.id)).toEqual([newest]);
  });

  it("seals only the cursors a query reads (each seal costs a cipher)", async () => {
    const seal = vi.spyOn(api.services.cursorSealer, "seal");
    const sealsFor = async (selection: string) => {
      seal.mockClear();
      const answer = await api.graphql(
        `{ projects(first: 2) { ${selection} } }`,
        {},
        {
          token: viewer.token,
        },
      );
      expect(answer.errors).toBeUndefined();
      return seal.mock.calls.length;
    };
    try {
      expect(await sealsFor("edges { node { id } } pageInfo { hasNextPage }")).toBe(0);
      expect(await sealsFor("pageInfo { endCursor }")).toBe(1);
      expect(await sealsFor("edges { cursor }")).toBe(2);
    } finally {
      seal.mockRestore();
    }
  });

  it("with CURSOR_SECRET set, a cursor still works after a restart", async () => {
    const auth = { token: viewer.token };
    const before = await api.graphql<Forward>(FORWARD, { after: null }, auth);
    await api.restart();
    const after = await api.graphql<Forward>(
      FORWARD,
      { after: (before.data as Forward).projects.pageInfo.endCursor },
      auth,
    );
    expect(after.errors).toBeUndefined();
    expect((after.data as Forward).projects.edges.map((edge) => edge.node.id)).toEqual([oldest]);
  });

  it("refuses forged, altered, cut, oversized and other lists' cursors with a short BAD_USER_INPUT", async () => {
    const auth = { token: viewer.token };
    const real = (await api.graphql<Forward>(FORWARD, { after: null }, auth)).data as Forward;
    const cursor = real.projects.pageInfo.endCursor;
    const middle = Math.floor(cursor.length / 2);
    const flipped = cursor[middle] === "A" ? "B" : "A";
    const legacy = (id: string) =>
      Buffer.from(JSON.stringify(["2026-01-01T00:00:00.000Z", id])).toString("base64url");

    // A document list's cursor, and another project's documents.
    const projectA = await create(api, "createProject", { name: "A" }, auth);
    const projectB = await create(api, "createProject", { name: "B" }, auth);
    for (const title of ["one", "two"]) {
      await create(api, "createDocument", { projectId: projectA, title }, auth);
    }
    const DOCUMENTS = `query($id: ID!, $after: String) {
      project(id: $id) { documents(first: 1, after: $after) { pageInfo { endCursor } } }
    }`;
    type Documents = { project: { documents: { pageInfo: { endCursor: string } } } };
    const documents = await api.graphql<Documents>(DOCUMENTS, { id: projectA }, auth);
    const documentCursor = (documents.data as Documents).project.documents.pageInfo.endCursor;
    const sameList = await api.graphql(DOCUMENTS, { id: projectA, after: documentCursor }, auth);
    expect(sameList.errors).toBeUndefined();

    const refusals = await Promise.all([
      api.graphql(FORWARD, { after: "not-a-cursor" }, auth),
      // The old readable format, naming a row that is no UUID: once a database error.
      api.graphql(FORWARD, { after: legacy("x") }, auth),
      api.graphql(FORWARD, { after: legacy(crypto.randomUUID()) }, auth),
      api.graphql(
        FORWARD,
        { after: cursor.slice(0, middle) + flipped + cursor.slice(middle + 1) },
        auth,
      ),
      api.graphql(FORWARD, { after: cursor.slice(0, -4) }, auth),
      api.graphql(FORWARD, { after: cursor.repeat(1_000) }, auth),
      api.graphql(BACKWARD, { before: `${cursor}=` }, auth),
      api.graphql(FORWARD, { after: documentCursor }, auth),
      api.graphql(DOCUMENTS, { id: projectB, after: documentCursor }, auth),
      api.graphql(
        "query($after: String) { groups(after: $after) { edges { cursor } } }",
        { after: cursor },
        auth,
      ),
    ]);
    for (const response of refusals) {
      expect(response.errors).toHaveLength(1);
      const [error] = response.errors ?? [];
      expect(error.extensions?.code).toBe("BAD_USER_INPUT");
      expect(error.message).toBe("Invalid cursor: pass a cursor this list gave you.");
    }
  });
});

describe("without CURSOR_SECRET", () => {
  it("cursors last as long as the process: after a restart they are refused as bad input", async () => {
    const local = await startTestApi();
    try {
      const user = await local.signUp("Local");
      for (const name of ["one", "two"]) {
        await create(local, "createProject", { name }, { token: user.token });
      }
      const ask = (after: string | null) =>
        local.graphql<{ projects: { pageInfo: { endCursor: string } } }>(
          "query($after: String) { projects(first: 1, after: $after) { pageInfo { endCursor } } }",
          { after },
          { token: user.token },
        );
      const cursor = (await ask(null)).data?.projects.pageInfo.endCursor ?? null;
      expect((await ask(cursor)).errors).toBeUndefined();
      await local.restart();
      expect((await ask(cursor)).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    } finally {
      await local.close();
    }
  });
});
