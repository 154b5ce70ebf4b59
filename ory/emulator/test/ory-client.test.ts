import { Configuration, PermissionApi, type Relationship, RelationshipApi } from "@ory/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OryEmulator } from "../src/index.ts";
import { startProductKeto } from "./support.ts";

/**
 * The unmodified `@ory/client` against the emulator, with the project's own permission model:
 * what the GraphQL server does in production, minus the real Keto.
 */
let emulator: OryEmulator;
let permissions: PermissionApi;
let reader: RelationshipApi;
let writer: RelationshipApi;

const api = (url: string) => new Configuration({ basePath: url.replace(/\/$/, "") });
const user = (id: string) => ({ namespace: "User", object: id, relation: "" });
const members = (group: string) => ({ namespace: "Group", object: group, relation: "members" });

beforeAll(async () => {
  emulator = await startProductKeto();
  permissions = new PermissionApi(api(emulator.urls.ketoRead));
  reader = new RelationshipApi(api(emulator.urls.ketoRead));
  writer = new RelationshipApi(api(emulator.urls.ketoWrite));
});
afterAll(() => emulator.close());

beforeEach(async () => {
  for (const namespace of ["App", "Group", "Project", "Document"])
    await writer.deleteRelationships({ namespace });
});

async function grant(...tuples: Relationship[]) {
  await writer.patchRelationships({
    relationshipPatch: tuples.map((relation_tuple) => ({ action: "insert", relation_tuple })),
  });
}

async function can(namespace: string, object: string, relation: string, userId: string) {
  const { data } = await permissions.checkPermission({
    namespace,
    object,
    relation,
    subjectSetNamespace: "User",
    subjectSetObject: userId,
    subjectSetRelation: "",
  });
  return data.allowed;
}

describe("@ory/client RelationshipApi and PermissionApi", () => {
  it("creates, lists, checks, expands and deletes relationships", async () => {
    const created = await writer.createRelationship({
      createRelationshipBody: {
        namespace: "App",
        object: "homepage",
        relation: "readers",
        subject_set: user("alice"),
      },
    });
    expect(created.status).toBe(201);
    expect(created.data).toEqual({
      namespace: "App",
      object: "homepage",
      relation: "readers",
      subject_set: user("alice"),
    });

    const listed = await reader.getRelationships({
      namespace: "App",
      subjectSetNamespace: "User",
      subjectSetObject: "alice",
      subjectSetRelation: "",
    });
    expect(listed.data.relation_tuples).toEqual([created.data]);
    expect(listed.data.next_page_token).toBe("");

    expect(await can("App", "homepage", "read", "alice")).toBe(true);
    expect(await can("App", "homepage", "read", "bob")).toBe(false);

    const posted = await permissions.postCheckPermission({
      postCheckPermissionBody: {
        namespace: "App",
        object: "homepage",
        relation: "read",
        subject_set: user("alice"),
      },
    });
    expect(posted.data.allowed).toBe(true);

    const tree = await permissions.expandPermissions({
      namespace: "App",
      object: "homepage",
      relation: "readers",
    });
    expect(tree.data.type).toBe("union");
    expect(tree.data.children?.[0].tuple?.subject_set).toEqual(user("alice"));

    await writer.deleteRelationships({ namespace: "App", object: "homepage", relation: "readers" });
    expect(await can("App", "homepage", "read", "alice")).toBe(false);
  });

  it("rejects the promise of checkPermissionOrError on deny (403), as against real Keto", async () => {
    const denied = permissions.checkPermissionOrError({
      namespace: "App",
      object: "homepage",
      relation: "read",
      subjectSetNamespace: "User",
      subjectSetObject: "mallory",
      subjectSetRelation: "",
    });
    await expect(denied).rejects.toMatchObject({
      response: { status: 403, data: { allowed: false } },
    });
  });

  it("batch-checks in input order", async () => {
    await grant({
      namespace: "App",
      object: "homepage",
      relation: "readers",
      subject_set: user("alice"),
    });
    const { data } = await permissions.batchCheckPermission({
      batchCheckPermissionBody: {
        tuples: ["alice", "bob"].map((id) => ({
          namespace: "App",
          object: "homepage",
          relation: "read",
          subject_set: user(id),
        })),
      },
    });
    expect(data.results).toEqual([{ allowed: true }, { allowed: false }]);
  });

  it("lists namespaces and checks OPL syntax", async () => {
    const { data } = await reader.listRelationshipNamespaces();
    expect(data.namespaces?.map((namespace) => namespace.name)).toContain("Document");
    const syntax = await reader.checkOplSyntax({
      body: "class Doc implements Namespace { related: { owners: Nobody[] } }",
    });
    expect(syntax.data.errors?.[0].message).toBe('namespace "Nobody" was not declared');
  });
});

describe("the product's permission model", () => {
  it("lets App:homepage readers in, directly or through a group", async () => {
    await grant(
      { namespace: "App", object: "homepage", relation: "readers", subject_set: members("staff") },
      { namespace: "Group", object: "staff", relation: "members", subject_set: user("carol") },
    );
    expect(await can("App", "homepage", "read", "carol")).toBe(true);
    expect(await can("App", "homepage", "read", "dave")).toBe(false);
  });

  it("lets App admins administer, through three levels of groups, without reading", async () => {
    await grant(
      { namespace: "App", object: "homepage", relation: "admins", subject_set: members("ops") },
      { namespace: "Group", object: "ops", relation: "members", subject_set: members("oncall") },
      { namespace: "Group", object: "oncall", relation: "members", subject_set: members("night") },
      { namespace: "Group", object: "night", relation: "members", subject_set: user("nora") },
    );
    expect(await can("App", "homepage", "administer", "nora")).toBe(true);
    expect(await can("App", "homepage", "read", "nora")).toBe(false);
    expect(await can("App", "graphiql", "administer", "nora")).toBe(false);
    expect(await can("App", "homepage", "administer", "dave")).toBe(false);
  });

  it("orders project permits: owners manage, edit and view; editors edit and view; viewers view", async () => {
    await grant(
      { namespace: "Project", object: "p", relation: "owners", subject_set: user("olga") },
      { namespace: "Project", object: "p", relation: "editors", subject_set: user("ed") },
      { namespace: "Project", object: "p", relation: "viewers", subject_set: user("vic") },
    );
    const permitsOf = async (id: string) =>
      Promise.all(["manage", "edit", "view"].map((permit) => can("Project", "p", permit, id)));
    expect(await permitsOf("olga")).toEqual([true, true, true]);
    expect(await permitsOf("ed")).toEqual([false, true, true]);
    expect(await permitsOf("vic")).toEqual([false, false, true]);
    expect(await permitsOf("zed")).toEqual([false, false, false]);
  });

  it("gives documents their project's permits, also through nested groups", async () => {
    // Document -> Project owned by Group:leads, whose members include Group:core's members.
    await grant(
      {
        namespace: "Document",
        object: "d",
        relation: "parents",
        subject_set: { namespace: "Project", object: "p", relation: "" },
      },
      { namespace: "Project", object: "p", relation: "owners", subject_set: members("leads") },
      { namespace: "Project", object: "p", relation: "viewers", subject_set: user("vic") },
      { namespace: "Group", object: "leads", relation: "members", subject_set: members("core") },
      { namespace: "Group", object: "core", relation: "members", subject_set: user("nina") },
      { namespace: "Document", object: "d", relation: "owners", subject_set: user("author") },
    );
    for (const permit of ["view", "edit", "delete"]) {
      expect(await can("Document", "d", permit, "nina")).toBe(true);
      expect(await can("Document", "d", permit, "author")).toBe(true);
    }
    expect(await can("Document", "d", "view", "vic")).toBe(true);
    expect(await can("Document", "d", "edit", "vic")).toBe(false);
    expect(await can("Document", "d", "view", "stranger")).toBe(false);
  });

  it("lets group owners manage the group and members view it", async () => {
    await grant(
      { namespace: "Group", object: "g", relation: "owners", subject_set: user("owner") },
      { namespace: "Group", object: "g", relation: "members", subject_set: user("member") },
    );
    expect([
      await can("Group", "g", "manage", "owner"),
      await can("Group", "g", "view", "owner"),
    ]).toEqual([true, true]);
    expect([
      await can("Group", "g", "manage", "member"),
      await can("Group", "g", "view", "member"),
    ]).toEqual([false, true]);
  });
});
