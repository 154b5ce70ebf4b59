import { permissionModel } from "./permission-model.generated.ts";
import type { Permission } from "./permissions.ts";

/**
 * The permission model's names as types, generated from ory/keto/namespaces.keto.ts: a
 * namespace, relation or permit the OPL does not declare is a type error, and a permit the OPL
 * drops breaks every use of it until the code is changed.
 */
type Model = typeof permissionModel;

export type Namespace = keyof Model;
export type Permit<N extends Namespace> = Model[N]["permits"][number];
export type Relation<N extends Namespace> = keyof Model[N]["relations"] & string;
/** Namespaces that declare `permit`, e.g. those whose objects one may `view`. */
export type NamespaceWith<P extends string> = {
  [N in Namespace]: P extends Permit<N> ? N : never;
}[Namespace];

/** `permission("Project", id, "view")`, typed by the model. */
export function permission<N extends Namespace>(
  namespace: N,
  object: string,
  permit: Permit<N>,
): Permission {
  return { namespace, object, relation: permit };
}

/** A namespace's permits, in the order the OPL declares them (a `viewerCan` type's fields). */
export function permitsOf<N extends Namespace>(namespace: N): readonly Permit<N>[] {
  return permissionModel[namespace].permits;
}

/**
 * One entry of a namespace's generated table, by a name that may come from Keto's data too:
 * `constructor` names no relation or permit of the model.
 */
function entryOf(
  namespace: string,
  table: "grantedBy" | "grantedOnlyThrough",
  name: string,
): readonly string[] | undefined {
  const entries = (
    permissionModel[namespace as Namespace] as
      | Record<typeof table, Record<string, readonly string[]>>
      | undefined
  )?.[table];
  return entries && Object.hasOwn(entries, name) ? entries[name] : undefined;
}

/** The permits a subject holds for certain once directly in `relation` (see the generator). */
export function permitsGrantedBy(namespace: string, relation: string): readonly string[] {
  return entryOf(namespace, "grantedBy", relation) ?? [];
}

/**
 * The relations (and permits) whose tuples could grant `permit`, when a listing of the user's
 * tuples and their groups' can show it is denied; undefined when it cannot (see the generator).
 */
export function namesGranting(namespace: string, permit: string): readonly string[] | undefined {
  return entryOf(namespace, "grantedOnlyThrough", permit);
}

/** Users are `User:<kratos identity id>` subject sets with an empty relation, as the OPL declares. */
export const userSubject = (userId: string) => ({
  namespace: "User" satisfies Namespace,
  object: userId,
  relation: "",
});

/**
 * A subject set as Keto's list and delete filters and the outbox's columns spell it
 * (`subjectSetNamespace`, `subjectSetObject`, `subjectSetRelation`).
 */
export const subjectSetFields = (set: { namespace: string; object: string; relation: string }) => ({
  subjectSetNamespace: set.namespace,
  subjectSetObject: set.object,
  subjectSetRelation: set.relation,
});

/** The members of a group, as a subject set: `Group:<id>#members`. */
export const groupMembersSubject = (groupId: string) => ({
  namespace: "Group" satisfies Namespace,
  object: groupId,
  relation: "members" satisfies Relation<"Group">,
});
