import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Auth, startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";

const HOMEPAGE = "{ homepage { title hero { heading } services { name } } }";
const VIEWER = "{ viewer { id email name } }";
const homepageRead = { namespace: "App", object: "homepage", relation: "readers" };

let api: TestApi;
let reader: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  reader = await api.signUp("Reader");
  stranger = await api.signUp("Stranger");
  await api.grant(homepageRead, reader.id);
});
afterAll(() => api?.close());
beforeEach(async () => {
  await api.emulator.faults.clear();
  api.emulator.counters.reset();
});

const codes = (response: { errors?: { extensions?: { code?: string } }[] }) =>
  (response.errors ?? []).map((error) => error.extensions?.code);

describe("homepage: App:homepage#read", () => {
  it("anonymous gets UNAUTHENTICATED and no content", async () => {
    const response = await api.graphql(HOMEPAGE);
    expect(codes(response)).toEqual(["UNAUTHENTICATED"]);
    expect(response.data).toEqual({ homepage: null });
  });

  it("a signed-in user without the grant gets FORBIDDEN", async () => {
    const response = await api.graphql(HOMEPAGE, {}, { token: stranger.token });
    expect(codes(response)).toEqual(["FORBIDDEN"]);
    expect(response.errors?.[0].message).toBe("You do not have permission to read Query.homepage.");
    expect(response.data).toEqual({ homepage: null });
  });

  it("a reader sees the welcome content", async () => {
    const response = await api.graphql<{ homepage: { title: string; services: unknown[] } }>(
      HOMEPAGE,
      {},
      { token: reader.token },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.homepage.title).toBe("Welcome");
    expect(response.data?.homepage.services.length).toBeGreaterThan(0);
  });

  it("a grant through a group works like a direct one", async () => {
    const member = await api.signUp("Member");
    await api.relationships.createRelationship({
      createRelationshipBody: {
        namespace: "App",
        object: "homepage",
        relation: "readers",
        subject_set: { namespace: "Group", object: "auth-test-group", relation: "members" },
      },
    });
    await api.grant(
      { namespace: "Group", object: "auth-test-group", relation: "members" },
      member.id,
    );
    const response = await api.graphql(HOMEPAGE, {}, { token: member.token });
    expect(response.errors).toBeUndefined();
  });
});

describe("identity from Kratos", () => {
  it("anonymous is a normal state: viewer is null, no error, no Kratos call", async () => {
    const response = await api.graphql(VIEWER);
    expect(response).toEqual({ status: 200, data: { viewer: null } });
    expect(api.emulator.counters.get("kratos", "GET /sessions/whoami")).toBe(0);
  });

  it.each<[string, (user: TestUser) => Promise<Auth>]>([
    ["X-Session-Token", async (user) => ({ token: user.token })],
    ["Authorization: Bearer", async (user) => ({ bearer: user.token })],
    ["the browser's session cookie", async (user) => ({ cookie: await api.browserCookie(user) })],
  ])("%s identifies the viewer", async (_name, authFor) => {
    const auth = await authFor(reader);
    const response = await api.graphql(VIEWER, {}, auth);
    expect(response.data).toEqual({
      viewer: { id: reader.id, email: reader.email, name: "Reader" },
    });
  });

  it("asks Kratos once per request however many fields need the viewer", async () => {
    await api.graphql(
      `{ a: viewer { id } b: viewer { email } ${HOMEPAGE.slice(1, -1)} }`,
      {},
      {
        token: reader.token,
      },
    );
    expect(api.emulator.counters.get("kratos", "GET /sessions/whoami")).toBe(1);
  });

  it("cookies without the session cookie are anonymous and cost no Kratos call", async () => {
    const response = await api.graphql(
      VIEWER,
      {},
      { cookie: "theme=dark; not_ory_kratos_session=x" },
    );
    expect(response.data).toEqual({ viewer: null });
    expect(api.emulator.counters.get("kratos", "GET /sessions/whoami")).toBe(0);
  });

  it("an unknown token is anonymous", async () => {
    const response = await api.graphql(VIEWER, {}, { token: "not-a-session" });
    expect(response.data).toEqual({ viewer: null });
    expect(response.errors).toBeUndefined();
  });

  it("mirrors the identity as a User row on first sight", async () => {
    const newcomer = await api.signUp("Newcomer");
    expect(await api.db.prisma.user.findUnique({ where: { id: newcomer.id } })).toBeNull();
    await api.graphql(VIEWER, {}, { token: newcomer.token });
    expect(await api.db.prisma.user.findUnique({ where: { id: newcomer.id } })).toMatchObject({
      email: newcomer.email,
      name: "Newcomer",
    });
  });
});

describe("failing closed", () => {
  it("Kratos down is AUTHZ_UNAVAILABLE, not anonymous", async () => {
    await api.emulator.faults.set("kratos", { down: true });
    const response = await api.graphql(VIEWER, {}, { token: reader.token });
    expect(codes(response)).toEqual(["AUTHZ_UNAVAILABLE"]);
    expect(response.data).toEqual({ viewer: null });
  });

  it("Kratos answering 500 or 429 is AUTHZ_UNAVAILABLE", async () => {
    for (const status of [500, 429]) {
      await api.emulator.faults.set("kratos", { status });
      const response = await api.graphql(HOMEPAGE, {}, { token: reader.token });
      expect(codes(response)).toEqual(["AUTHZ_UNAVAILABLE"]);
      expect(response.data).toEqual({ homepage: null });
    }
  });

  it("Keto down denies with AUTHZ_UNAVAILABLE and shows no content", async () => {
    await api.emulator.faults.set("keto", { down: true });
    const response = await api.graphql(HOMEPAGE, {}, { token: reader.token });
    expect(codes(response)).toEqual(["AUTHZ_UNAVAILABLE"]);
    expect(response.data).toEqual({ homepage: null });
  });

  it("Keto slower than the timeout denies with AUTHZ_UNAVAILABLE", async () => {
    const slow = await startTestApi({ env: { ORY_TIMEOUT_MS: "200" } });
    try {
      const user = await slow.signUp("Slow");
      await slow.grant(homepageRead, user.id);
      await slow.emulator.faults.set("keto", { latencyMs: 1_000 });
      const response = await slow.graphql(HOMEPAGE, {}, { token: user.token });
      expect(codes(response)).toEqual(["AUTHZ_UNAVAILABLE"]);
      expect(response.data).toEqual({ homepage: null });
    } finally {
      await slow.close();
    }
  });
});

describe("new users and the welcome page", () => {
  it("with NEW_USERS_READ_HOMEPAGE=true a newcomer reads it on their very first request", async () => {
    const open = await startTestApi({ env: { NEW_USERS_READ_HOMEPAGE: "true" } });
    try {
      await open.relationships.createRelationship({
        createRelationshipBody: {
          namespace: "App",
          object: "homepage",
          relation: "readers",
          subject_set: { namespace: "Group", object: "everyone", relation: "members" },
        },
      });
      const newcomer = await open.signUp("Newcomer");
      const response = await open.graphql(HOMEPAGE, {}, { token: newcomer.token });
      expect(response.errors).toBeUndefined();
      const tuples = await open.listTuples();
      expect(tuples).toContainEqual({
        namespace: "Group",
        object: "everyone",
        relation: "members",
        subject_set: { namespace: "User", object: newcomer.id, relation: "" },
      });
    } finally {
      await open.close();
    }
  });

  it("by default a newcomer is signed in but not let in", async () => {
    const newcomer = await api.signUp("Newcomer");
    const response = await api.graphql(HOMEPAGE, {}, { token: newcomer.token });
    expect(codes(response)).toEqual(["FORBIDDEN"]);
  });
});
