import type { Relationship } from "@ory/client-fetch";

/** A subject as the permission model writes it: a user, or the members of a group. */
export type Subject =
  | { kind: "user"; id: string }
  | { kind: "set"; namespace: string; object: string; relation: string };

/** The group whose members may read the welcome page (`App:homepage#readers`). */
export const everyoneGroup = "everyone";

export const user = (id: string): Subject => ({ kind: "user", id });
export const groupMembers = (groupId: string): Subject => ({
  kind: "set",
  namespace: "Group",
  object: groupId,
  relation: "members",
});
/** `Document#parents` points at projects as subject sets with an empty relation. */
export const projectRef = (projectId: string): Subject => ({
  kind: "set",
  namespace: "Project",
  object: projectId,
  relation: "",
});

/** One change for Keto: add or remove a tuple, or remove every tuple of an object. */
export type TupleChange =
  | {
      action: "INSERT" | "DELETE";
      namespace: string;
      object: string;
      relation: string;
      subject: Subject;
    }
  | { action: "DELETE_OBJECT"; namespace: string; object: string };

export const insert = (namespace: string, object: string, relation: string, subject: Subject) =>
  ({ action: "INSERT", namespace, object, relation, subject }) satisfies TupleChange;
export const remove = (namespace: string, object: string, relation: string, subject: Subject) =>
  ({ action: "DELETE", namespace, object, relation, subject }) satisfies TupleChange;
export const removeObject = (namespace: string, object: string) =>
  ({ action: "DELETE_OBJECT", namespace, object }) satisfies TupleChange;

/** Users are `User:<id>` subject sets with an empty relation, as the OPL declares them. */
export function relationship(
  namespace: string,
  object: string,
  relation: string,
  subject: Subject,
): Relationship {
  const subjectSet =
    subject.kind === "user"
      ? { namespace: "User", object: subject.id, relation: "" }
      : { namespace: subject.namespace, object: subject.object, relation: subject.relation };
  return { namespace, object, relation, subject_set: subjectSet };
}
