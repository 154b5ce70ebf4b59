import { encodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type GraphQLResponse,
  startTestApi,
  type TestApi,
  type TestUser,
} from "../testing/api-harness.ts";

/**
 * 250 projects, of which the viewer may see 37 scattered ones (some directly,
 * some through a group). Rows are written straight to the database and tuples
 * straight to Keto: this is about reading.
 */
let api: TestApi;
let viewer: TestUser;
const visibleIds: string[] = [];

const PAGE = `query($after: String) {
  projects(first: 10, after: $after) {
    edges { cursor node { id name } }
    pageInfo { hasNextPage endCursor }
  }
}`;

type Page = {
  projects: {
    edges: { cursor: string; node: { id: string; name: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

beforeAll(async () => {
  api = await startTestApi({ database: "pg" });
  viewer = await api.signUp("Viewer");
  const owner = await api.signUp("Owner");
  const start = Date.UTC(2026, 0, 1);
  const rows = Array.from({ length: 250 }, (_, index) => ({
    id: crypto.randomUUID(),
    name: `Project ${index}`,
    createdById: owner.id,
    // Several rows share a timestamp, so ties are broken by id.
    createdAt: new Date(start + Math.floor(index / 3) * 60_000),
  }));
  await api.db.prisma.project.createMany({ data: rows });
  const visibleIndexes = new Set<number>();
  for (let k = 0; visibleIndexes.size < 37; k++) visibleIndexes.add((k * 97 + 13) % 250);
  const viaGroup = "lists-test-group";
  await api.grant({ namespace: "Group", object: viaGroup, relation: "members" }, viewer.id);
  let n = 0;
  for (const index of visibleIndexes) {
    const project = rows[index];
    if (n++ % 2 === 0) {
      await api.grant({ namespace: "Project", object: project.id, relation: "viewers" }, viewer.id);
    } else {
      await api.relationships.createRelationship({
        createRelationshipBody: {
          namespace: "Project",
          object: project.id,
          relation: "editors",
          subject_set: { namespace: "Group", object: viaGroup, relation: "members" },
        },
      });
    }
  }
  const newestFirst = [...rows].sort(
    (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1),
  );
  for (const row of newestFirst) {
    if (visibleIndexes.has(rows.indexOf(row))) visibleIds.push(encodeGlobalID("Project", row.id));
  }
});
afterAll(() => api?.close());
beforeEach(() => api.emulator.counters.reset());

describe("permission-filtered lists", () => {
  it("pages through exactly the 37 visible projects, in order, 10 at a time", async () => {
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const response: GraphQLResponse<Page> = await api.graphql<Page>(
        PAGE,
        { after },
        {
          token: viewer.token,
        },
      );
      expect(response.errors).toBeUndefined();
      const { edges, pageInfo }: Page["projects"] = (response.data as Page).projects;
      pageSizes.push(edges.length);
      seen.push(...edges.map((edge) => edge.node.id));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(pageSizes).toEqual([10, 10, 10, 7]);
    expect(seen).toEqual(visibleIds);
  });

  it("cursors are stable: a page read again from its cursor is the same page", async () => {
    const first = await api.graphql<Page>(PAGE, { after: null }, { token: viewer.token });
    const cursor = first.data?.projects.edges[4].cursor;
    const again = await api.graphql<Page>(PAGE, { after: cursor }, { token: viewer.token });
    expect(again.data?.projects.edges.map((edge) => edge.node.id)).toEqual(visibleIds.slice(5, 15));
  });

  it("pages backwards with last/before to exactly the previous pages", async () => {
    const BACK = `query($before: String) {
      projects(last: 10, before: $before) {
        edges { node { id } }
        pageInfo { hasPreviousPage hasNextPage startCursor }
      }
    }`;
    type Back = {
      projects: {
        edges: { node: { id: string } }[];
        pageInfo: { hasPreviousPage: boolean; hasNextPage: boolean; startCursor: string | null };
      };
    };
    const forward = await api.graphql<Page>(PAGE, { after: null }, { token: viewer.token });
    let before: string | null = (forward.data as Page).projects.edges[9].cursor;
    // From the 10th visible project back: nothing before the first 9.
    const first = await api.graphql<Back>(BACK, { before }, { token: viewer.token });
    expect(first.data?.projects.edges.map((edge) => edge.node.id)).toEqual(visibleIds.slice(0, 9));
    expect(first.data?.projects.pageInfo).toMatchObject({
      hasPreviousPage: false,
      hasNextPage: true,
    });

    // From the very end back to the start, 10 at a time.
    const seen: string[] = [];
    before = null;
    const tail = await api.graphql<Back>(BACK, { before }, { token: viewer.token });
    seen.unshift(...(tail.data as Back).projects.edges.map((edge) => edge.node.id));
    let info = (tail.data as Back).projects.pageInfo;
    while (info.hasPreviousPage) {
      const response: GraphQLResponse<Back> = await api.graphql<Back>(
        BACK,
        { before: info.startCursor },
        { token: viewer.token },
      );
      seen.unshift(...(response.data as Back).projects.edges.map((edge) => edge.node.id));
      info = (response.data as Back).projects.pageInfo;
    }
    expect(seen).toEqual(visibleIds);
  });

  it("refuses mixing first/after with last/before", async () => {
    const response = await api.graphql(
      "{ projects(first: 5, last: 5) { edges { cursor } } }",
      {},
      {
        token: viewer.token,
      },
    );
    expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("checks candidates in batches, never one by one", async () => {
    await api.graphql<Page>(PAGE, { after: null }, { token: viewer.token });
    expect(api.emulator.counters.get("keto", "GET /relation-tuples/check/openapi")).toBe(0);
    expect(api.emulator.counters.get("keto", "POST /relation-tuples/batch/check")).toBeGreaterThan(
      0,
    );
  });

  it("someone who may see nothing gets an empty list, and no hint of what exists", async () => {
    const stranger = await api.signUp("Stranger");
    const response = await api.graphql<Page>(PAGE, { after: null }, { token: stranger.token });
    expect(response.data?.projects).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
    });
  });

  it("rejects a forged cursor and a page size out of range with BAD_USER_INPUT", async () => {
    const forged = await api.graphql(PAGE, { after: "not-a-cursor" }, { token: viewer.token });
    expect(forged.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const huge = await api.graphql(
      "{ projects(first: 1000) { edges { cursor } } }",
      {},
      {
        token: viewer.token,
      },
    );
    expect(huge.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("batched checks through GraphQL", () => {
  it("a query over 50 visible projects makes one batch call (KETO_BATCH_SIZE 100) and no single checks", async () => {
    const fifty = await startTestApi();
    try {
      const user = await fifty.signUp("Fifty");
      const rows = Array.from({ length: 50 }, (_, index) => ({
        id: crypto.randomUUID(),
        name: `P${index}`,
        createdById: user.id,
      }));
      await fifty.db.prisma.project.createMany({ data: rows });
      for (const row of rows) {
        await fifty.grant({ namespace: "Project", object: row.id, relation: "viewers" }, user.id);
      }
      fifty.emulator.counters.reset();
      const response = await fifty.graphql<{ projects: { edges: unknown[] } }>(
        "{ projects(first: 50) { edges { node { id name } } } }",
        {},
        { token: user.token },
      );
      expect(response.data?.projects.edges).toHaveLength(50);
      expect(fifty.emulator.counters.get("keto", "POST /relation-tuples/batch/check")).toBe(1);
      expect(fifty.emulator.counters.get("keto", "GET /relation-tuples/check/openapi")).toBe(0);
      expect(fifty.emulator.counters.get("kratos", "GET /sessions/whoami")).toBe(1);
    } finally {
      await fifty.close();
    }
  });
});
