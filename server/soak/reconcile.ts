import { type Relationship, RelationshipApi } from "@ory/client-fetch";
import { oryConfiguration } from "../src/auth/ory.ts";
import type { PrismaClient } from "../src/db/client.ts";

/** The rows that decide who may do what, as the database holds them. */
export interface DatabaseState {
  projects: string[];
  groups: string[];
  documents: { id: string; projectId: string; createdById: string }[];
  projectGrants: {
    projectId: string;
    userId: string | null;
    groupId: string | null;
    role: string;
  }[];
  memberships: {
    groupId: string;
    userId: string | null;
    memberGroupId: string | null;
    role: string;
  }[];
  /** Outbox rows not yet confirmed by Keto. */
  pendingTupleChanges: number;
}

export async function readDatabaseState(prisma: PrismaClient): Promise<DatabaseState> {
  const [projects, groups, documents, projectGrants, memberships, pendingTupleChanges] =
    await Promise.all([
      prisma.project.findMany({ select: { id: true } }),
      prisma.group.findMany({ select: { id: true } }),
      prisma.document.findMany({ select: { id: true, projectId: true, createdById: true } }),
      prisma.projectGrant.findMany({
        select: { projectId: true, userId: true, groupId: true, role: true },
      }),
      prisma.groupMembership.findMany({
        select: { groupId: true, userId: true, memberGroupId: true, role: true },
      }),
      prisma.tupleOutbox.count({ where: { deliveredAt: null } }),
    ]);
  return {
    projects: projects.map((row) => row.id),
    groups: groups.map((row) => row.id),
    documents,
    projectGrants,
    memberships,
    pendingTupleChanges,
  };
}

const projectRelation: Record<string, string> = {
  OWNER: "owners",
  EDITOR: "editors",
  VIEWER: "viewers",
};
const groupRelation: Record<string, string> = { OWNER: "owners", MEMBER: "members" };

const userSubject = (id: string) => `User:${id}#`;
const membersOf = (groupId: string) => `Group:${groupId}#members`;

/** `Namespace:object#relation@subject`, the subject as `id` or `Namespace:object#relation`. */
export function tupleKey(tuple: Relationship): string {
  const set = tuple.subject_set;
  const subject = set ? `${set.namespace}:${set.object}#${set.relation ?? ""}` : tuple.subject_id;
  return `${tuple.namespace}:${tuple.object}#${tuple.relation}@${subject}`;
}

/** The namespaces whose tuples the API's own rows decide. */
const reconciled = new Set(["Project", "Document", "Group"]);

/** Every tuple Keto must hold for the database's rows, as the API's mutations write them. */
export function expectedTuples(state: DatabaseState): Set<string> {
  const keys = new Set<string>();
  for (const grant of state.projectGrants) {
    const subject = grant.userId ? userSubject(grant.userId) : membersOf(grant.groupId as string);
    keys.add(`Project:${grant.projectId}#${projectRelation[grant.role]}@${subject}`);
  }
  for (const document of state.documents) {
    keys.add(`Document:${document.id}#parents@Project:${document.projectId}#`);
    keys.add(`Document:${document.id}#owners@${userSubject(document.createdById)}`);
  }
  for (const membership of state.memberships) {
    const subject = membership.userId
      ? userSubject(membership.userId)
      : membersOf(membership.memberGroupId as string);
    keys.add(`Group:${membership.groupId}#${groupRelation[membership.role]}@${subject}`);
  }
  return keys;
}

export interface Reconciliation {
  expected: number;
  actual: number;
  /** Grants the database has and Keto lacks: lost inserts. */
  missing: string[];
  /** Tuples Keto has for rows that changed or are gone: lost deletes. */
  extra: string[];
}

/** Compares the database's rows with Keto's tuples of the same namespaces. */
export function reconcile(state: DatabaseState, tuples: Relationship[]): Reconciliation {
  const expected = expectedTuples(state);
  const actual = new Set(
    tuples.filter((tuple) => reconciled.has(tuple.namespace)).map((tuple) => tupleKey(tuple)),
  );
  return {
    expected: expected.size,
    actual: actual.size,
    missing: [...expected].filter((key) => !actual.has(key)),
    extra: [...actual].filter((key) => !expected.has(key) && !isWellKnown(key)),
  };
}

/** Group:everyone belongs to the deployment (NEW_USERS_READ_HOMEPAGE), not to any row. */
const isWellKnown = (key: string) => key.startsWith("Group:everyone#");

/** Every tuple Keto holds, page by page through the read API's list endpoint. */
export async function listKetoTuples(ketoReadUrl: string): Promise<Relationship[]> {
  const api = new RelationshipApi(oryConfiguration(ketoReadUrl, 30_000));
  const tuples: Relationship[] = [];
  let pageToken: string | undefined;
  do {
    const page = await api.getRelationships({ pageSize: 1000, pageToken });
    tuples.push(...(page.relation_tuples ?? []));
    pageToken = page.next_page_token || undefined;
  } while (pageToken);
  return tuples;
}
