import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../server/src/log.ts";
import { startTestApi, type TestApi } from "../server/src/testing/api-harness.ts";
import { demoUsers, seedDemoData } from "./seed.ts";

let api: TestApi;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  api = await startTestApi();
  const seed = () =>
    seedDemoData({ db: api.db, ory: api.emulator.urls, log: createLogger("silent") });
  await seed();
  // A second run (every `npm start` seeds) must change nothing.
  await seed();
  for (const person of demoUsers)
    tokens[person.key] = await api.login(person.email, person.password);
});
afterAll(() => api?.close());

const PROJECTS = `{
  homepage { title }
  projects(first: 10) { edges { node { name viewerCan { view edit manage } } } }
  groups(first: 10) { edges { node { name } } }
}`;

type World = {
  homepage: { title: string } | null;
  projects: { edges: { node: { name: string; viewerCan: Record<string, boolean> } }[] };
  groups: { edges: { node: { name: string } }[] };
};

async function worldOf(key: string) {
  const response = await api.graphql<World>(PROJECTS, {}, { token: tokens[key] });
  const data = response.data as World;
  return {
    homepage: data.homepage?.title ?? response.errors?.[0].extensions?.code,
    projects: Object.fromEntries(
      data.projects.edges.map(({ node }) => [node.name, node.viewerCan]),
    ),
    groups: data.groups.edges.map(({ node }) => node.name),
  };
}

describe("demo data", () => {
  it("gives each demo login the world the banner promises", async () => {
    expect(await worldOf("alice")).toEqual({
      homepage: "Welcome",
      projects: { Apollo: { view: true, edit: true, manage: true } },
      groups: ["Design team"],
    });
    expect(await worldOf("bob")).toEqual({
      homepage: "FORBIDDEN",
      projects: {
        Workshop: { view: true, edit: true, manage: true },
        Apollo: { view: true, edit: true, manage: false },
      },
      groups: [],
    });
    expect(await worldOf("carol")).toEqual({
      homepage: "Welcome",
      projects: { Apollo: { view: true, edit: false, manage: false } },
      groups: ["Design team"],
    });
  });

  it("makes alice, and only alice, an integrator (App:graphiql#use)", async () => {
    const alice = await api.db.prisma.user.findFirstOrThrow({
      where: { email: "alice@example.com" },
    });
    const integrators = (await api.listTuples())
      .filter(
        (tuple) =>
          tuple.namespace === "App" &&
          tuple.object === "graphiql" &&
          tuple.relation === "integrators",
      )
      .map((tuple) => [tuple.relation, tuple.subject_set?.object]);
    expect(integrators).toEqual([["integrators", alice.id]]);
  });

  it("makes alice, and only alice, an administrator of both App objects", async () => {
    const administers = async (key: string) => {
      const response = await api.graphql<{
        apps: { name: string; viewerCan: { administer: boolean } }[];
      }>("{ apps { name viewerCan { administer } } }", {}, { token: tokens[key] });
      return response.data?.apps.map((app) => [app.name, app.viewerCan.administer]);
    };
    expect(await administers("alice")).toEqual([
      ["HOMEPAGE", true],
      ["GRAPHIQL", true],
    ]);
    expect(await administers("bob")).toEqual([
      ["HOMEPAGE", false],
      ["GRAPHIQL", false],
    ]);
    expect(await administers("carol")).toEqual([
      ["HOMEPAGE", false],
      ["GRAPHIQL", false],
    ]);
  });

  it("creates the demo people with verified addresses, so no one asks them to verify", async () => {
    for (const person of demoUsers) {
      const whoami = await fetch(new URL("/sessions/whoami", api.emulator.urls.kratosPublic), {
        headers: { "X-Session-Token": tokens[person.key] },
      });
      const { identity } = (await whoami.json()) as {
        identity: { verifiable_addresses: { value: string; verified: boolean }[] };
      };
      expect(identity.verifiable_addresses).toEqual([
        expect.objectContaining({ value: person.email, verified: true }),
      ]);
    }
  });

  it("seeding twice builds the world once", async () => {
    expect(await api.db.prisma.project.count()).toBe(2);
    expect(await api.db.prisma.user.count()).toBe(3);
    expect(await api.db.prisma.tupleOutbox.count({ where: { deliveredAt: null } })).toBe(0);
  });
});
