import type { DirectoryEntry } from "../auth/directory.ts";
import type { SubjectSet } from "../auth/keto-tuples.ts";
import type { Permission } from "../auth/permissions.ts";
import { type Permit, permission, type Relation } from "../auth/vocabulary.ts";
import type { Context } from "../context.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { subjectOf as subjectOfRow, undelivered } from "../outbox/rows.ts";
import {
  everyoneGroup,
  groupMembers,
  insert,
  remove,
  type Subject,
  type TupleChange,
  user,
} from "../outbox/tuples.ts";
import { ValidationError } from "./failures.ts";
import { mirrorAccount } from "./subjects.ts";

/**
 * The App objects of ory/keto/namespaces.keto.ts whose access is administered,
 * with the relation that gives their access and the permit it grants.
 */
export const apps = {
  homepage: { access: "readers", permit: "read" },
  graphiql: { access: "integrators", permit: "use" },
} as const satisfies Record<string, { access: Relation<"App">; permit: Permit<"App"> }>;

export type AppName = keyof typeof apps;
export const appNames = Object.keys(apps) as AppName[];

/** ACCESS is the app's own permit (read, use); ADMIN may grant and revoke both roles. */
export type AppRole = "ACCESS" | "ADMIN";
export const appRoles: readonly AppRole[] = ["ACCESS", "ADMIN"];

export const relationOf = (app: AppName, role: AppRole): Relation<"App"> =>
  role === "ADMIN" ? "admins" : apps[app].access;

export const administerPermission = (app: AppName): Permission =>
  permission("App", app, "administer");

/** One role on one app, held directly by a person or by a group's members. */
export interface AppHolder {
  role: AppRole;
  subject: Subject;
}

/** Keto's subject set as the outbox writes it: users are `User:<id>` with an empty relation. */
export function subjectFromKeto(set: SubjectSet): Subject {
  return set.namespace === "User" && set.relation === ""
    ? user(set.object)
    : { kind: "set", namespace: set.namespace, object: set.object, relation: set.relation };
}

const keyOf = (role: AppRole, subject: Subject) =>
  subject.kind === "user"
    ? `${role} User:${subject.id}`
    : `${role} ${subject.namespace}:${subject.object}#${subject.relation}`;

/**
 * Who holds each role on the app, as it will stand once the outbox has
 * delivered: Keto's tuples, plus grants still queued for Keto, less revokes
 * Keto has not confirmed (those already deny, see pending-revocations.ts).
 * A grant Keto refused for good (dead-lettered) is not counted.
 */
export async function holdersOf(
  context: Context,
  app: AppName,
  db: Pick<Prisma.TransactionClient, "tupleOutbox"> = context.prisma,
): Promise<AppHolder[]> {
  const held = new Map<string, AppHolder>();
  const listed = await Promise.all(
    appRoles.map(async (role) => ({
      role,
      subjects: await context.subjectsOf("App", app, relationOf(app, role)),
    })),
  );
  for (const { role, subjects } of listed) {
    for (const set of subjects) {
      const subject = subjectFromKeto(set);
      held.set(keyOf(role, subject), { role, subject });
    }
  }
  const waiting = await db.tupleOutbox.findMany({
    where: { namespace: "App", object: app, ...undelivered },
    orderBy: { id: "asc" },
  });
  for (const row of waiting) {
    const role = appRoles.find((each) => relationOf(app, each) === row.relation);
    const subject = subjectOfRow(row);
    if (!role || !subject) continue;
    const key = keyOf(role, subject);
    if (row.action === "DELETE") held.delete(key);
    else if (row.deadLetteredAt === null) held.set(key, { role, subject });
  }
  return [...held.values()];
}

/** Whom an App grant names: a person with an account, or a group's members. */
export type AppGrantee =
  | { kind: "person"; account: DirectoryEntry }
  | { kind: "group"; id: string };

/**
 * Resolves an address before anything is written. Unlike sharing, a person
 * must have an account: access is granted to identities, not invited, and the
 * administrators asking may know who has one. A group to grant to must be
 * visible to the viewer (or be Group:everyone); one to revoke from need not,
 * since a grant may name a group its administrator cannot see.
 */
export async function resolveAppGrantee(
  context: Context,
  address: { email: string } | { groupId: string; field: string },
  purpose: "grant" | "revoke",
): Promise<AppGrantee> {
  if ("email" in address) {
    const account = await context.directory.findByEmail(address.email);
    if (!account) {
      throw new ValidationError([
        { path: ["input", "email"], message: "no account uses this email; they sign up first" },
      ]);
    }
    return { kind: "person", account };
  }
  const { groupId, field } = address;
  if (purpose === "grant" && groupId !== everyoneGroup) {
    const visible = await context.can(permission("Group", groupId, "view"));
    const exists = visible && (await context.prisma.group.count({ where: { id: groupId } })) > 0;
    if (!exists) throw new ValidationError([{ path: ["input", field], message: "no such group" }]);
  }
  return { kind: "group", id: groupId };
}

export const subjectOfGrantee = (grantee: AppGrantee): Subject =>
  grantee.kind === "person" ? user(grantee.account.id) : groupMembers(grantee.id);

/**
 * The tuple change that gives (or takes) the role, given who holds what now:
 * none when nothing would change, since Keto keeps a second copy of a tuple
 * written twice. The app never loses its last directly named administrator
 * through the API (`npm run access` can always make one).
 */
export function appAccessChanges(
  change: { app: AppName; role: AppRole; grantee: AppGrantee; grant: boolean },
  holders: AppHolder[],
): TupleChange[] {
  const { app, role, grantee, grant } = change;
  const subject = subjectOfGrantee(grantee);
  const key = keyOf(role, subject);
  const holds = holders.some((holder) => keyOf(holder.role, holder.subject) === key);
  if (grant) return holds ? [] : [insert("App", app, relationOf(app, role), subject)];
  if (!holds) return [];
  const personAdmins = holders.filter(
    (holder) => holder.role === "ADMIN" && holder.subject.kind === "user",
  );
  if (role === "ADMIN" && subject.kind === "user" && personAdmins.length <= 1) {
    throw new ValidationError([
      {
        path: ["input"],
        message: `App:${app} needs at least one administrator; make another one first`,
      },
    ]);
  }
  return [remove("App", app, relationOf(app, role), subject)];
}

/** A person an App grant names gets a user row, so access lists can show them without Kratos. */
export async function mirrorGrantee(tx: Prisma.TransactionClient, grantee: AppGrantee) {
  if (grantee.kind === "person") await mirrorAccount(tx, grantee.account);
}

/** A holder as an access list shows it: the person's user row, or the group's id and name. */
export interface NamedHolder {
  role: AppRole;
  user: { id: string; email: string; name: string; createdAt: Date; updatedAt: Date } | null;
  group: { id: string; name: string } | null;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Names each holder: people from their user rows, or from Kratos for someone
 * granted by `npm run access` before the API ever saw them (their row is kept
 * then); groups by their name. A person Kratos no longer knows, or a group
 * that is gone, names nobody and is left out.
 */
export async function namedHolders(context: Context, holders: AppHolder[]): Promise<NamedHolder[]> {
  const userIds = holders.flatMap(({ subject }) =>
    subject.kind === "user" && uuid.test(subject.id) ? [subject.id] : [],
  );
  const groupIds = holders.flatMap(({ subject }) =>
    subject.kind === "set" && subject.namespace === "Group" && uuid.test(subject.object)
      ? [subject.object]
      : [],
  );
  const [userRows, groupRows] = await Promise.all([
    context.prisma.user.findMany({ where: { id: { in: userIds } } }),
    context.prisma.group.findMany({
      where: { id: { in: groupIds } },
      select: { id: true, name: true },
    }),
  ]);
  const users = new Map(userRows.map((row) => [row.id, row]));
  const unknown = [...new Set(userIds.filter((id) => !users.has(id)))];
  const found = await Promise.all(unknown.map((id) => context.directory.findById(id)));
  for (const account of found) {
    if (!account) continue;
    const row = await context.prisma.user.upsert({
      where: { id: account.id },
      create: { id: account.id, email: account.email, name: account.name },
      update: {},
    });
    users.set(row.id, row);
  }
  const groups = new Map(groupRows.map((row) => [row.id, row]));
  groups.set(everyoneGroup, { id: everyoneGroup, name: everyoneGroup });
  return holders.flatMap(({ role, subject }): NamedHolder[] => {
    if (subject.kind === "user") {
      const row = users.get(subject.id);
      return row ? [{ role, user: row, group: null }] : [];
    }
    const group = subject.namespace === "Group" ? groups.get(subject.object) : undefined;
    return group ? [{ role, user: null, group }] : [];
  });
}
