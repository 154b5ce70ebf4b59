import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";
import { create, mutate } from "../testing/domain-client.ts";

/**
 * Administering App access through GraphQL, on real PostgreSQL against the
 * emulator: the admin is made the way `npm run access` makes one, a tuple
 * written straight to Keto; everything after goes through the API.
 */
let api: TestApi;
let admin: TestUser;

beforeAll(async () => {
  api = await startTestApi({ database: "pg" });
  admin = await api.signUp("Admin");
  await api.grant({ namespace: "App", object: "homepage", relation: "admins" }, admin.id);
  await api.grant({ namespace: "App", object: "graphiql", relation: "admins" }, admin.id);
});
afterAll(() => api?.close());
beforeEach(() => api.emulator.faults.clear());

const as = (user: TestUser) => ({ token: user.token });

async function homepageCode(user: TestUser): Promise<string | undefined> {
  const response = await api.graphql<{ homepage: { title: string } | null }>(
    "{ homepage { title } }",
    {},
    as(user),
  );
  return response.data?.homepage ? "OK" : response.errors?.[0]?.extensions?.code;
}

type Grants = {
  apps: {
    name: string;
    viewerCan: { administer: boolean; read: boolean; use: boolean };
    grants:
      | {
          role: string;
          user: { email: string } | null;
          group: { id: string; name: string } | null;
        }[]
      | null;
  }[];
};

async function grantsOf(user: TestUser, app: "HOMEPAGE" | "GRAPHIQL") {
  const response = await api.graphql<Grants>(
    `{ apps { name viewerCan { administer read use }
        grants { role user { email } group { id name } } } }`,
    {},
    as(user),
  );
  expect(response.errors).toBeUndefined();
  const found = response.data?.apps.find((each) => each.name === app);
  return {
    viewerCan: found?.viewerCan,
    grants: found?.grants?.map(({ role, user: person, group }) => [
      role,
      person?.email ?? `group ${group?.name}`,
    ]),
  };
}

const appTuples = async (object: string) =>
  (await api.listTuples()).filter((tuple) => tuple.namespace === "App" && tuple.object === object);

describe("granting and revoking App:homepage#read", () => {
  it("a new user reads the welcome page on the next request, and is FORBIDDEN once revoked", async () => {
    const newcomer = await api.signUp("Newcomer");
    expect(await homepageCode(newcomer)).toBe("FORBIDDEN");

    const granted = await mutate(
      api,
      "grantAppAccess",
      { app: "HOMEPAGE", role: "ACCESS", email: newcomer.email },
      as(admin),
    );
    expect(granted.outcome).toBe("ok");
    expect(await homepageCode(newcomer)).toBe("OK");
    expect((await grantsOf(admin, "HOMEPAGE")).grants).toContainEqual(["ACCESS", newcomer.email]);

    const revoked = await mutate(
      api,
      "revokeAppAccess",
      { app: "HOMEPAGE", role: "ACCESS", email: newcomer.email },
      as(admin),
    );
    expect(revoked.outcome).toBe("ok");
    expect(await homepageCode(newcomer)).toBe("FORBIDDEN");
    expect((await grantsOf(admin, "HOMEPAGE")).grants).not.toContainEqual([
      "ACCESS",
      newcomer.email,
    ]);
  });

  it("a revoke Keto has not taken yet already denies, and shows as gone", async () => {
    const reader = await api.signUp("Reader");
    await mutate(
      api,
      "grantAppAccess",
      { app: "HOMEPAGE", role: "ACCESS", email: reader.email },
      as(admin),
    );
    expect(await homepageCode(reader)).toBe("OK");

    await api.emulator.faults.set("keto", { status: 503, port: "write" });
    const revoked = await api.graphql<{ revokeAppAccess: { permissionChanges: string } }>(
      `mutation($input: RevokeAppAccessInput!) {
        revokeAppAccess(input: $input) { ... on AppPayload { permissionChanges } }
      }`,
      { input: { app: "HOMEPAGE", role: "ACCESS", email: reader.email } },
      as(admin),
    );
    expect(revoked.data?.revokeAppAccess.permissionChanges).toBe("PENDING");
    expect((await appTuples("homepage")).map((tuple) => tuple.subject_set?.object)).toContain(
      reader.id,
    );
    expect(await homepageCode(reader)).toBe("FORBIDDEN");
    expect((await grantsOf(admin, "HOMEPAGE")).grants).not.toContainEqual(["ACCESS", reader.email]);

    await api.emulator.faults.clear();
    await api.services.outbox.deliver();
    expect((await appTuples("homepage")).map((tuple) => tuple.subject_set?.object)).not.toContain(
      reader.id,
    );
  });

  it("grants to a group's members, listed by the group's name", async () => {
    const owner = await api.signUp("Group owner");
    const member = await api.signUp("Member");
    const groupId = await create(api, "createGroup", { name: "Readers club" }, as(owner));
    await create(api, "addGroupMember", { groupId, email: member.email }, as(owner));
    expect(await homepageCode(member)).toBe("FORBIDDEN");

    // The admin cannot see the group, so granting to it is refused as if it did not exist.
    const hidden = await mutate(
      api,
      "grantAppAccess",
      { app: "HOMEPAGE", role: "ACCESS", groupId },
      as(admin),
    );
    expect(hidden.fieldErrors).toEqual([{ path: ["input", "groupId"], message: "no such group" }]);

    await create(api, "addGroupMember", { groupId, email: admin.email }, as(owner));
    const granted = await mutate(
      api,
      "grantAppAccess",
      { app: "HOMEPAGE", role: "ACCESS", groupId },
      as(admin),
    );
    expect(granted.outcome).toBe("ok");
    expect(await homepageCode(member)).toBe("OK");
    const { grants } = await grantsOf(admin, "HOMEPAGE");
    expect(grants).toContainEqual(["ACCESS", "group Readers club"]);

    // Leaving the group again does not stop the admin from revoking its grant.
    await mutate(api, "removeGroupMember", { groupId, email: admin.email }, as(owner));
    const revoked = await mutate(
      api,
      "revokeAppAccess",
      { app: "HOMEPAGE", role: "ACCESS", groupId },
      as(admin),
    );
    expect(revoked.outcome).toBe("ok");
    expect(await homepageCode(member)).toBe("FORBIDDEN");
  });

  it("lists Group:everyone by name and revokes it by the id it lists", async () => {
    await api.relationships.createRelationship({
      createRelationshipBody: {
        namespace: "App",
        object: "homepage",
        relation: "readers",
        subject_set: { namespace: "Group", object: "everyone", relation: "members" },
      },
    });
    const response = await api.graphql<Grants>(
      "{ apps { name grants { role group { id name } } } }",
      {},
      as(admin),
    );
    const homepage = response.data?.apps.find((app) => app.name === "HOMEPAGE");
    const everyone = homepage?.grants?.find((grant) => grant.group?.name === "everyone");
    expect(everyone?.role).toBe("ACCESS");

    const revoked = await mutate(
      api,
      "revokeAppAccess",
      { app: "HOMEPAGE", role: "ACCESS", groupId: everyone?.group?.id },
      as(admin),
    );
    expect(revoked.outcome).toBe("ok");
    const left = (await appTuples("homepage")).filter(
      (tuple) => tuple.subject_set?.object === "everyone",
    );
    expect(left).toEqual([]);
  });

  it("granting what is held already writes no second tuple", async () => {
    const person = await api.signUp("Twice");
    for (let round = 0; round < 2; round += 1) {
      const granted = await mutate(
        api,
        "grantAppAccess",
        { app: "GRAPHIQL", role: "ACCESS", email: person.email },
        as(admin),
      );
      expect(granted.outcome).toBe("ok");
    }
    const held = (await appTuples("graphiql")).filter(
      (tuple) => tuple.subject_set?.object === person.id,
    );
    expect(held.map((tuple) => tuple.relation)).toEqual(["integrators"]);
  });
});

describe("administrators", () => {
  it("only administrators see the grants; everyone signed in sees their own permits", async () => {
    const stranger = await api.signUp("Stranger");
    expect(await grantsOf(stranger, "HOMEPAGE")).toEqual({
      viewerCan: { administer: false, read: false, use: false },
      grants: undefined,
    });
    const { viewerCan, grants } = await grantsOf(admin, "GRAPHIQL");
    expect(viewerCan).toEqual({ administer: true, read: false, use: false });
    expect(grants?.[0]).toEqual(["ADMIN", admin.email]);
  });

  it("anonymous requests get UNAUTHENTICATED", async () => {
    const response = await api.graphql("{ apps { name } }");
    expect(response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("a non-administrator cannot grant or revoke, and nothing changes", async () => {
    const stranger = await api.signUp("Would-be admin");
    const before = await api.listTuples();
    for (const name of ["grantAppAccess", "revokeAppAccess"]) {
      const result = await mutate(
        api,
        name,
        { app: "HOMEPAGE", role: "ACCESS", email: stranger.email },
        as(stranger),
      );
      expect(result.outcome).toBe("forbidden");
      expect(result.message).toContain("may not administer App:homepage");
    }
    expect(await api.listTuples()).toEqual(before);
  });

  it("an unknown email is a ValidationError on input.email, and nothing changes", async () => {
    const before = await api.listTuples();
    const result = await mutate(
      api,
      "grantAppAccess",
      { app: "HOMEPAGE", role: "ACCESS", email: "nobody-here@example.test" },
      as(admin),
    );
    expect(result.outcome).toBe("invalid");
    expect(result.fieldErrors).toEqual([
      { path: ["input", "email"], message: expect.stringContaining("no account uses this email") },
    ]);
    expect(await api.listTuples()).toEqual(before);
  });

  it("bad input is refused on its field", async () => {
    const both = await mutate(
      api,
      "grantAppAccess",
      { app: "HOMEPAGE", role: "ACCESS", email: admin.email, groupId: "x" },
      as(admin),
    );
    expect(both.fieldErrors?.[0]?.path).toEqual(["input"]);
    const badRole = await api.graphql(
      `mutation { grantAppAccess(input: { app: HOMEPAGE, role: OWNER, email: "a@b.c" }) {
        __typename } }`,
      {},
      as(admin),
    );
    expect(badRole.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("an administrator makes another, who may then grant; the last one stays", async () => {
    const deputy = await api.signUp("Deputy");
    await mutate(
      api,
      "grantAppAccess",
      { app: "GRAPHIQL", role: "ADMIN", email: deputy.email },
      as(admin),
    );
    expect((await grantsOf(deputy, "GRAPHIQL")).viewerCan?.administer).toBe(true);
    // Administering one app says nothing about the other.
    expect((await grantsOf(deputy, "HOMEPAGE")).viewerCan?.administer).toBe(false);

    const dropped = await mutate(
      api,
      "revokeAppAccess",
      { app: "GRAPHIQL", role: "ADMIN", email: admin.email },
      as(deputy),
    );
    expect(dropped.outcome).toBe("ok");
    const last = await mutate(
      api,
      "revokeAppAccess",
      { app: "GRAPHIQL", role: "ADMIN", email: deputy.email },
      as(deputy),
    );
    expect(last.fieldErrors).toEqual([
      { path: ["input"], message: expect.stringContaining("at least one administrator") },
    ]);
    // Put things back for the other tests.
    await mutate(
      api,
      "grantAppAccess",
      { app: "GRAPHIQL", role: "ADMIN", email: admin.email },
      as(deputy),
    );
  });

  it("a group holding the role does not count: the last administrator named as a person stays", async () => {
    const group = await create(api, "createGroup", { name: "Stewards" }, as(admin));
    const toGroup = { app: "HOMEPAGE", role: "ADMIN", groupId: group };
    expect((await mutate(api, "grantAppAccess", toGroup, as(admin))).outcome).toBe("ok");
    const self = await mutate(
      api,
      "revokeAppAccess",
      { app: "HOMEPAGE", role: "ADMIN", email: admin.email },
      as(admin),
    );
    expect(self.fieldErrors).toEqual([
      { path: ["input"], message: expect.stringContaining("at least one administrator") },
    ]);
    // The group's role may go: a person still administers.
    expect((await mutate(api, "revokeAppAccess", toGroup, as(admin))).outcome).toBe("ok");
  });

  it("two administrators revoking each other at once leave one of them", async () => {
    const second = await api.signUp("Second");
    await mutate(
      api,
      "grantAppAccess",
      { app: "HOMEPAGE", role: "ADMIN", email: second.email },
      as(admin),
    );
    const revoke = (by: TestUser, whom: TestUser) =>
      mutate(api, "revokeAppAccess", { app: "HOMEPAGE", role: "ADMIN", email: whom.email }, as(by));
    const outcomes = await Promise.all([revoke(admin, second), revoke(second, admin)]);
    expect(outcomes.map((each) => each.outcome).sort()).toEqual(["invalid", "ok"]);
    const admins = (await appTuples("homepage")).filter((tuple) => tuple.relation === "admins");
    expect(admins).toHaveLength(1);
    // Whoever is left makes the original administrator whole again for the other tests.
    const survivor = outcomes[0].outcome === "ok" ? admin : second;
    if (survivor !== admin) {
      await mutate(
        api,
        "grantAppAccess",
        { app: "HOMEPAGE", role: "ADMIN", email: admin.email },
        as(survivor),
      );
    }
  });
});
