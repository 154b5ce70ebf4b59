import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import type { Group } from "../src/keto/opl/ast.ts";
import { checkOpl } from "../src/keto/opl/typecheck.ts";
import { repositoryRoot } from "./support.ts";

const header = `import { Namespace, Context, SubjectSet } from "@ory/keto-namespace-types"
class User implements Namespace {}
`;

function permit(body: string): Group | undefined {
  const { namespaces, errors } = checkOpl(`${header}
class Doc implements Namespace {
  related: { a: User[]; b: User[]; c: User[]; parents: Doc[] }
  permits = { p: (ctx: Context): boolean => ${body} }
}`);
  expect(errors).toEqual([]);
  return namespaces
    .find((namespace) => namespace.name === "Doc")
    ?.relations.find((r) => r.name === "p")?.rewrite;
}

const a = { kind: "computed", relation: "a" };
const b = { kind: "computed", relation: "b" };
const c = { kind: "computed", relation: "c" };
const includes = (relation: string) => `this.related.${relation}.includes(ctx.subject)`;

describe("OPL parser", () => {
  it("folds && and || strictly left to right, without JavaScript's precedence", () => {
    // JavaScript would read a || (b && c); Keto reads (a || b) && c. Only the root's own
    // operator run is flattened, so the inner OR keeps the wrapper around its first operand.
    expect(permit(`${includes("a")} || ${includes("b")} && ${includes("c")}`)).toEqual({
      kind: "group",
      operator: "and",
      children: [
        {
          kind: "group",
          operator: "or",
          children: [{ kind: "group", operator: "or", children: [a] }, b],
        },
        c,
      ],
    });
  });

  it("flattens runs of one operator and keeps Keto's one-child wrapper under a different operator", () => {
    expect(permit(`${includes("a")} || ${includes("b")} || ${includes("c")}`)).toEqual({
      kind: "group",
      operator: "or",
      children: [a, b, c],
    });
    expect(permit(`${includes("a")} && !${includes("b")}`)).toEqual({
      kind: "group",
      operator: "and",
      children: [
        { kind: "group", operator: "or", children: [a] },
        { kind: "not", operand: b },
      ],
    });
  });

  it("keeps explicit parentheses as groups", () => {
    expect(permit(`${includes("a")} || (${includes("b")} && ${includes("c")})`)).toEqual({
      kind: "group",
      operator: "or",
      children: [
        a,
        {
          kind: "group",
          operator: "and",
          children: [{ kind: "group", operator: "or", children: [b] }, c],
        },
      ],
    });
  });

  it("reads permits calls, traverse with either body form, and quoted relation names", () => {
    const { namespaces, errors } = checkOpl(`${header}
class Role implements Namespace {
  related: { members: User[] }
  permits = { isMember: (ctx: Context): boolean => this.related.members.includes(ctx.subject) }
}
class Org implements Namespace {
  related: { "reports.view": Role[]; owners: (User | SubjectSet<Role, "members">)[] }
  permits = {
    view: (ctx) => this.related["reports.view"].traverse((role) => role.permits.isMember(ctx)),
    own: (ctx: Context) => this.related["reports.view"].traverse(r => r.related.members.includes(ctx.subject)),
    either: (ctx: Context): boolean => this.permits.view(ctx) || this.permits.own(ctx),
  }
}`);
    expect(errors).toEqual([]);
    const org = namespaces.find((namespace) => namespace.name === "Org");
    expect(
      org?.relations.map((relation) => [relation.name, relation.types, relation.rewrite]),
    ).toEqual([
      ["reports.view", [{ namespace: "Role" }], undefined],
      ["owners", [{ namespace: "User" }, { namespace: "Role", relation: "members" }], undefined],
      [
        "view",
        [],
        {
          kind: "group",
          operator: "or",
          children: [{ kind: "traverse", relation: "reports.view", computed: "isMember" }],
        },
      ],
      [
        "own",
        [],
        {
          kind: "group",
          operator: "or",
          children: [{ kind: "traverse", relation: "reports.view", computed: "members" }],
        },
      ],
      [
        "either",
        [],
        {
          kind: "group",
          operator: "or",
          children: [
            { kind: "computed", relation: "view" },
            { kind: "computed", relation: "own" },
          ],
        },
      ],
    ]);
  });

  it("reports syntax errors with positions, in Keto's words where Keto has its own", () => {
    expect(checkOpl("/* unclosed comment").errors).toEqual([
      { message: "unclosed comment", start: { line: 1, column: 19 }, end: { line: 1, column: 19 } },
    ]);
    const { errors } = checkOpl(`${header}
class Doc implements Namespace {
  permits = { p: (ctx: Context): boolean => this.related.a.contains(ctx.subject) }
}`);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toBe(`expected 'traverse' or 'includes', got "contains"`);
    expect(errors[0].start.line).toBe(5);
  });

  it("rejects TypeScript that is not OPL", () => {
    const messages = (opl: string) =>
      checkOpl(`${header}${opl}`).errors.map((error) => error.message);
    expect(messages("class Doc {}")).toEqual([
      `expected "implements Namespace" after class Doc, got "{"`,
    ]);
    expect(messages("class Doc implements Namespace { foo = 1 }")).toEqual([
      `expected 'permits' or 'related', got "foo"`,
    ]);
    expect(messages("class Doc implements Namespace { related: { a: User } }")).toEqual([
      `expected an array of subject types like "User[]", got "User"`,
    ]);
    expect(
      messages(`class Doc implements Namespace {
        related: { a: User[] }
        permits = { p: (ctx: Context): boolean => !!this.related.a.includes(ctx.subject) }
      }`),
    ).toEqual([`expected "this", got "!this.related.a.includes(ctx.subject)"`]);
    const nested = `${"(".repeat(10)}this.related.a.includes(ctx.subject)${")".repeat(10)}`;
    expect(
      messages(`class Doc implements Namespace {
        related: { a: User[] }
        permits = { p: (ctx: Context): boolean => ${nested} }
      }`),
    ).toEqual(["expression nested too deeply; maximal nesting depth is 10"]);
  });
});

describe("OPL type checker", () => {
  it("names unknown namespaces and relations with Keto's messages and their lines", () => {
    const { errors } = checkOpl(`${header}
class Group implements Namespace {
  related: { members: (User | SubjectSet<Group, "member">)[]; owners: Person[] }
}
class Doc implements Namespace {
  related: { parents: Folder[]; groups: Group[]; viewers: User[] }
  permits = {
    view: (ctx: Context): boolean =>
      this.related.viewer.includes(ctx.subject) ||
      this.permits.edit(ctx) ||
      this.related.groups.traverse((g) => g.permits.view(ctx)),
  }
}`);
    expect(errors.map((error) => [error.start.line, error.message])).toEqual([
      [5, 'namespace "Group" did not declare relation "member"'],
      [5, 'namespace "Person" was not declared'],
      [8, 'namespace "Folder" was not declared'],
      [11, 'namespace "Doc" did not declare relation "viewer"'],
      [12, 'namespace "Doc" did not declare relation "edit"'],
      [13, 'relation "view" was not declared in namespace "Group"'],
    ]);
  });

  it("checks traverse targets through SubjectSet types", () => {
    const { errors } = checkOpl(`${header}
class Team implements Namespace { related: { members: User[] } }
class Doc implements Namespace {
  related: { teams: SubjectSet<Team, "members">[] }
  permits = { view: (ctx: Context): boolean => this.related.teams.traverse((t) => t.permits.read(ctx)) }
}`);
    expect(errors.map((error) => error.message)).toEqual([
      'relation "read" was not declared in namespace "User"',
    ]);
  });

  it("only type-checks a file that parsed", () => {
    const { errors } = checkOpl(
      `class Doc implements Namespace { related: { owners: Nobody[] } } }`,
    );
    expect(errors.map((error) => error.message)).toEqual(["Declaration or statement expected."]);
  });
});

describe("the product's permission model (ory/keto/namespaces.keto.ts)", () => {
  const file = join(repositoryRoot, "ory/keto/namespaces.keto.ts");

  it("passes Keto's checks and declares the namespaces of DESIGN.md", () => {
    const { namespaces, errors } = checkOpl(readFileSync(file, "utf8"));
    expect(errors).toEqual([]);
    expect(
      Object.fromEntries(namespaces.map((ns) => [ns.name, ns.relations.map((r) => r.name)])),
    ).toEqual({
      User: [],
      App: ["admins", "readers", "integrators", "administer", "read", "use"],
      Group: ["owners", "members", "manage", "view"],
      Project: ["owners", "editors", "viewers", "manage", "edit", "view"],
      Document: ["parents", "owners", "delete", "edit", "view"],
    });
  });

  it("also compiles as TypeScript against the namespace type declarations", () => {
    const configFile = join(repositoryRoot, "ory/keto/tsconfig.json");
    const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, join(repositoryRoot, "ory/keto"));
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(diagnostics).toEqual([]);
  });
});
