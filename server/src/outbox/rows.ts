import type { Prisma, TupleOutbox } from "../generated/prisma/client.ts";
import type { Subject } from "./tuples.ts";

/** The columns that say what a row changes; enough to read, print or match it. */
export type OutboxTuple = Pick<
  TupleOutbox,
  | "action"
  | "namespace"
  | "object"
  | "relation"
  | "subjectSetNamespace"
  | "subjectSetObject"
  | "subjectSetRelation"
>;

/** Rows Keto does not hold yet: still queued or dead-lettered. */
export const undelivered = { deliveredAt: null } satisfies Prisma.TupleOutboxWhereInput;
/** Rows the dispatcher still sends. */
export const queued = {
  deliveredAt: null,
  deadLetteredAt: null,
} satisfies Prisma.TupleOutboxWhereInput;
/** Rows Keto refused for good, waiting for an operator. */
export const deadLettered = {
  deliveredAt: null,
  deadLetteredAt: { not: null },
} satisfies Prisma.TupleOutboxWhereInput;

/** The row's subject, or undefined for "every tuple of the object" rows. */
export function subjectOf(row: OutboxTuple): Subject | undefined {
  if (row.subjectSetNamespace === null || row.subjectSetObject === null) return undefined;
  return row.subjectSetNamespace === "User" && row.subjectSetRelation === ""
    ? { kind: "user", id: row.subjectSetObject }
    : {
        kind: "set",
        namespace: row.subjectSetNamespace,
        object: row.subjectSetObject,
        relation: row.subjectSetRelation ?? "",
      };
}

/** True for rows that remove every tuple of an object (deleting a project or document). */
export function isObjectDelete(row: OutboxTuple): boolean {
  return row.relation === null || subjectOf(row) === undefined;
}

/**
 * Keto's text notation (`Project:p1#viewers@User:u1`, `Project:p1#viewers@Group:g#members`);
 * an object delete reads `Project:p1#*`.
 */
export function tupleNotation(row: OutboxTuple): string {
  const subject = subjectOf(row);
  if (row.relation === null || !subject) return `${row.namespace}:${row.object}#*`;
  const who =
    subject.kind === "user"
      ? `User:${subject.id}`
      : `${subject.namespace}:${subject.object}${subject.relation ? `#${subject.relation}` : ""}`;
  return `${row.namespace}:${row.object}#${row.relation}@${who}`;
}
