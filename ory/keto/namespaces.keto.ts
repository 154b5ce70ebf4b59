// biome-ignore-all lint/correctness/noUnusedVariables: each class is a namespace that Keto reads by name.
// The product's permission model in the Ory Permission Language, read by Keto v26.2.0 and by
// the emulator. Users are subject sets with an empty relation: `User:<kratos identity id>`.
//
// Keto folds `&&` and `||` strictly left to right with no precedence, so every permit below
// uses a single operator. Permits list the relations they include instead of calling each
// other (`view` = viewers, editors or owners, rather than "viewers or edit"): in Keto v26.2.0
// every permit-to-permit call costs check depth (docs/decisions/0002-ory-emulator.md). What
// each path costs, and why keto.yml allows 7 levels: docs/decisions/0026-keto-read-depth.md.
// The suites in ory/keto/tests assert every permit (`npm run keto:test`, docs/permissions.md).
import type { Context, Namespace, SubjectSet } from "@ory/keto-namespace-types";

class User implements Namespace {}

/**
 * Pages of the app; `App:homepage#read` guards the welcome page. `App:graphiql#use` marks
 * integrators: in production they alone may introspect the schema and send operations the
 * client does not ship (docs/decisions/0019-trusted-documents.md). Each App object's admins
 * may grant and revoke its relations, admins included (docs/decisions/0024-access-administration.md).
 */
class App implements Namespace {
  related: {
    admins: (User | SubjectSet<Group, "members">)[];
    readers: (User | SubjectSet<Group, "members">)[];
    integrators: (User | SubjectSet<Group, "members">)[];
  };

  permits = {
    administer: (ctx: Context): boolean => this.related.admins.includes(ctx.subject),
    read: (ctx: Context): boolean => this.related.readers.includes(ctx.subject),
    use: (ctx: Context): boolean => this.related.integrators.includes(ctx.subject),
  };
}

/** Members may be users or other groups' members (nested groups). */
class Group implements Namespace {
  related: {
    owners: User[];
    members: (User | SubjectSet<Group, "members">)[];
  };

  permits = {
    manage: (ctx: Context): boolean => this.related.owners.includes(ctx.subject),
    view: (ctx: Context): boolean =>
      this.related.members.includes(ctx.subject) || this.related.owners.includes(ctx.subject),
  };
}

class Project implements Namespace {
  related: {
    owners: (User | SubjectSet<Group, "members">)[];
    editors: (User | SubjectSet<Group, "members">)[];
    viewers: (User | SubjectSet<Group, "members">)[];
  };

  permits = {
    manage: (ctx: Context): boolean => this.related.owners.includes(ctx.subject),
    edit: (ctx: Context): boolean =>
      this.related.editors.includes(ctx.subject) || this.related.owners.includes(ctx.subject),
    view: (ctx: Context): boolean =>
      this.related.viewers.includes(ctx.subject) ||
      this.related.editors.includes(ctx.subject) ||
      this.related.owners.includes(ctx.subject),
  };
}

/** A document belongs to a project and inherits the project's permits. */
class Document implements Namespace {
  related: {
    parents: Project[];
    owners: User[];
  };

  permits = {
    delete: (ctx: Context): boolean =>
      this.related.owners.includes(ctx.subject) ||
      this.related.parents.traverse((project) => project.permits.manage(ctx)),
    edit: (ctx: Context): boolean =>
      this.related.owners.includes(ctx.subject) ||
      this.related.parents.traverse((project) => project.permits.edit(ctx)),
    view: (ctx: Context): boolean =>
      this.related.owners.includes(ctx.subject) ||
      this.related.parents.traverse((project) => project.permits.view(ctx)),
  };
}
