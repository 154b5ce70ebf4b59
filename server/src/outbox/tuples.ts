import type { Relationship } from "@ory/client-fetch";
import {
  groupMembersSubject,
  type Namespace,
  type Relation,
  userSubject,
} from "../auth/vocabulary.ts";

/** A subject as the permission model writes it: a user, or the members of a group. */
export type Subject =
  | { kind: "user"; id: string }
  | { kind: "set"; namespace: string; object: string; relation: string };

/** The group whose members may read the welcome page (`App:homepage#readers`). */
export const everyoneGroup = "everyone";

export const user = (id: string): Subject => ({ kind: "user", id });
export const groupMembers = (groupId: string): Subject => ({
  kind: "set",
  ...groupMembersSubject(groupId),
});
/** `Document#parents` points at projects as subject sets with an empty relation. */
export const projectRef = (projectId: string): Subject => ({
  kind: "set",
  namespace: "Project" satisfies Namespace,
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

/** Relations are typed by the permission model: a relation the OPL lacks does not compile. */
export const insert = <N extends Namespace>(
  namespace: N,
  object: string,
  relation: Relation<N>,
  subject: Subject,
) => ({ action: "INSERT", namespace, object, relation, subject }) satisfies TupleChange;
export const remove = <N extends Namespace>(
  namespace: N,
  object: string,
  relation: Relation<N>,
  subject: Subject,
) => ({ action: "DELETE", namespace, object, relation, subject }) satisfies TupleChange;
export const removeObject = (namespace: Namespace, object: string) =>
  ({ action: "DELETE_OBJECT", namespace, object }) satisfies TupleChange;

/** A change's tuple as Keto takes it. */
export function relationship(
  namespace: string,
  object: string,
  relation: string,
  subject: Subject,
): Relationship {
  const subjectSet =
    subject.kind === "user"
      ? userSubject(subject.id)
      : { namespace: subject.namespace, object: subject.object, relation: subject.relation };
  return { namespace, object, relation, subject_set: subjectSet };
}
