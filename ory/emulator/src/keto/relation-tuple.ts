/**
 * Relation tuples in the JSON shape Keto's API uses (`ketoapi.RelationTuple`). The emulator keeps
 * this one shape from the wire to the store, so responses echo exactly what was written.
 */
export interface SubjectSet {
  namespace: string;
  object: string;
  relation: string;
}

export interface RelationTuple {
  namespace: string;
  object: string;
  relation: string;
  subject_id?: string;
  subject_set?: SubjectSet;
}

/** A tuple whose subject is known to be one of the two forms. */
export type Subject = { subject_id: string } | { subject_set: SubjectSet };

/** A list/delete filter: every present field must match exactly. */
export interface RelationQuery {
  namespace?: string;
  object?: string;
  relation?: string;
  subject_id?: string;
  subject_set?: SubjectSet;
}

export function subjectOf(tuple: RelationTuple): Subject {
  return tuple.subject_id !== undefined
    ? { subject_id: tuple.subject_id }
    : { subject_set: tuple.subject_set as SubjectSet };
}

export function subjectSetKey(set: SubjectSet): string {
  return JSON.stringify(["set", set.namespace, set.object, set.relation]);
}

export function matchesQuery(tuple: RelationTuple, query: RelationQuery): boolean {
  if (query.namespace !== undefined && tuple.namespace !== query.namespace) return false;
  if (query.object !== undefined && tuple.object !== query.object) return false;
  if (query.relation !== undefined && tuple.relation !== query.relation) return false;
  if (query.subject_id !== undefined && tuple.subject_id !== query.subject_id) return false;
  if (query.subject_set !== undefined) {
    const set = tuple.subject_set;
    if (!set) return false;
    if (subjectSetKey(set) !== subjectSetKey(query.subject_set)) return false;
  }
  return true;
}

/**
 * Parses Keto's text notation `ns:object#relation@subject` (as used by its tests, CLI and the
 * shared check vectors). The subject is `id` (no `:`), `ns:object#relation`, or `ns:object`
 * / `ns:object#` for an empty relation. Splitting happens at the first `:`, `#`, `@`.
 */
export function parseTupleString(text: string): RelationTuple {
  const trimmed = text.trim().replace(/^\((.*)\)$/, "$1");
  const [namespace, afterNamespace] = splitOnce(trimmed, ":", text);
  const [object, afterObject] = splitOnce(afterNamespace, "#", text);
  const [relation, subject] = splitOnce(afterObject, "@", text);
  return { namespace, object, relation, ...parseSubjectString(subject) };
}

function parseSubjectString(text: string): Subject {
  const colon = text.indexOf(":");
  if (colon < 0) return { subject_id: text };
  const namespace = text.slice(0, colon);
  const rest = text.slice(colon + 1);
  const hash = rest.indexOf("#");
  return {
    subject_set: {
      namespace,
      object: hash < 0 ? rest : rest.slice(0, hash),
      relation: hash < 0 ? "" : rest.slice(hash + 1),
    },
  };
}

function splitOnce(text: string, separator: string, whole: string): [string, string] {
  const index = text.indexOf(separator);
  if (index < 0) throw new Error(`malformed relation tuple "${whole}": missing "${separator}"`);
  return [text.slice(0, index), text.slice(index + 1)];
}
