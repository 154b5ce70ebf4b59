import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildSchema, type GraphQLObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import {
  MODEL_FILE,
  OPL_FILE,
  permissionModel,
  permissionModelSource,
} from "./permission-model.ts";

const opl = readFileSync(OPL_FILE, "utf8");

describe("the permission model the API is built from", () => {
  it("is up to date with the OPL (run `npm run codegen`)", () => {
    expect(readFileSync(MODEL_FILE, "utf8")).toBe(permissionModelSource(opl));
  });

  it("offers every permit of the OPL, and only those, in each viewerCan type of schema.graphql", () => {
    const schema = buildSchema(
      readFileSync(resolve(import.meta.dirname, "../../../schema.graphql"), "utf8"),
    );
    const model = permissionModel(opl);
    for (const namespace of ["App", "Group", "Project", "Document"]) {
      const type = schema.getType(`${namespace}Permissions`) as GraphQLObjectType;
      expect(Object.keys(type.getFields()).sort(), namespace).toEqual(
        [...model[namespace].permits].sort(),
      );
    }
  });

  it("follows the OPL: a permit added appears, a permit removed is gone", () => {
    const withShare = opl.replace(
      "manage: (ctx: Context): boolean => this.related.owners.includes(ctx.subject),\n    edit:",
      "manage: (ctx: Context): boolean => this.related.owners.includes(ctx.subject),\n    share: (ctx: Context): boolean => this.related.owners.includes(ctx.subject),\n    edit:",
    );
    expect(withShare).not.toBe(opl);
    expect(permissionModel(withShare).Project.permits).toEqual(["manage", "share", "edit", "view"]);
    expect(permissionModel(withShare).Project.grantedBy.owners).toContain("share");

    const withoutDelete = opl.replace(/\n\s+delete: \(ctx: Context\): boolean =>[^,]+,/, "");
    expect(withoutDelete).not.toBe(opl);
    expect(permissionModel(withoutDelete).Document.permits).toEqual(["edit", "view"]);
  });

  it("says which permits a direct relation grants for certain: || includes, && and ! promise nothing", () => {
    const model = permissionModel(`
import { Namespace, Context } from "@ory/keto-namespace-types"
class User implements Namespace {}
class Doc implements Namespace {
  related: { owners: User[]; readers: User[]; banned: User[] }
  permits = {
    read: (ctx: Context): boolean => this.related.readers.includes(ctx.subject) || this.permits.write(ctx),
    write: (ctx: Context): boolean => this.related.owners.includes(ctx.subject),
    comment: (ctx: Context): boolean => this.related.readers.includes(ctx.subject) && !this.related.banned.includes(ctx.subject),
  }
}`);
    expect(model.Doc.grantedBy).toEqual({
      owners: ["read", "write"],
      readers: ["read"],
      banned: [],
    });
    expect(model.Doc.relations.owners).toEqual(["User"]);
  });

  it("says what could grant a permit only where a listing of the user's tuples can tell", () => {
    const model = permissionModel(`
import { Namespace, Context, SubjectSet } from "@ory/keto-namespace-types"
class User implements Namespace {}
class Group implements Namespace {
  related: { members: (User | SubjectSet<Group, "members">)[] }
}
class Folder implements Namespace {
  related: { owners: User[] }
  permits = {
    open: (ctx: Context): boolean => this.related.owners.includes(ctx.subject),
  }
}
class Doc implements Namespace {
  related: { owners: User[]; readers: (User | SubjectSet<Group, "members">)[]; banned: User[]; parents: Folder[]; auditors: SubjectSet<Folder, "owners">[] }
  permits = {
    read: (ctx: Context): boolean => this.related.readers.includes(ctx.subject) || this.permits.write(ctx),
    write: (ctx: Context): boolean => this.related.owners.includes(ctx.subject),
    comment: (ctx: Context): boolean => this.related.readers.includes(ctx.subject) && !this.related.banned.includes(ctx.subject),
    open: (ctx: Context): boolean => this.related.owners.includes(ctx.subject) || this.related.parents.traverse((folder) => folder.permits.open(ctx)),
    audit: (ctx: Context): boolean => this.related.auditors.includes(ctx.subject),
  }
}`);
    expect(model.Doc.grantedOnlyThrough).toEqual({
      read: ["read", "readers", "write", "owners"],
      write: ["write", "owners"],
    });
    // The product's documents inherit their project's permits: no listing of the user's tells.
    expect(permissionModel(opl).Document.grantedOnlyThrough).toEqual({});
    expect(permissionModel(opl).Project.grantedOnlyThrough.edit).toEqual([
      "edit",
      "editors",
      "owners",
    ]);

    // Were a group's members to include another group's owners, the walk (which follows
    // `members` only) could miss a holder: nothing granted through groups is inferred then.
    const ownersAsMembers = opl.replace(
      'members: (User | SubjectSet<Group, "members">)[];',
      'members: (User | SubjectSet<Group, "members"> | SubjectSet<Group, "owners">)[];',
    );
    expect(ownersAsMembers).not.toBe(opl);
    const widened = permissionModel(ownersAsMembers);
    expect(widened.Project.grantedOnlyThrough).toEqual({});
    expect(widened.Group.grantedOnlyThrough).toEqual({ manage: ["manage", "owners"] });
  });

  it("refuses an OPL Keto would refuse, naming the line", () => {
    expect(() =>
      permissionModel(opl.replace("this.related.viewers", "this.related.watchers")),
    ).toThrow(/namespaces\.keto\.ts:\d+: .*watchers/);
  });
});
