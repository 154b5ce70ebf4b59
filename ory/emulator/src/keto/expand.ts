import { type Subject, type SubjectSet, subjectOf, subjectSetKey } from "./relation-tuple.ts";
import type { TupleStore } from "./store.ts";

/** A node of `GET /relation-tuples/expand`; node tuples carry only the subject. */
export interface ExpandTree {
  type: "union" | "leaf";
  tuple: { namespace: ""; object: ""; relation: "" } & Subject;
  children?: ExpandTree[];
}

/**
 * Keto v26.2.0's expand engine: it follows stored subject sets only (no OPL rewrites). A subject
 * set with tuples is a `union` of its subjects; at the last level of depth it becomes a `leaf`.
 * Returns undefined when the subject set has no tuples at all.
 */
export function expandSubjectSet(
  store: TupleStore,
  root: SubjectSet,
  depth: number,
): ExpandTree | undefined {
  const node = (subject: Subject, type: ExpandTree["type"]): ExpandTree => ({
    type,
    tuple: { namespace: "", object: "", relation: "", ...subject },
  });

  const build = (
    subject: Subject,
    restDepth: number,
    visited: ReadonlySet<string>,
  ): ExpandTree | undefined => {
    if (!("subject_set" in subject)) return node(subject, "leaf");
    const set = subject.subject_set;
    const key = subjectSetKey(set);
    // A subject set already on this path is dropped, which ends cycles.
    if (visited.has(key)) return undefined;
    const tuples = store.related(set.namespace, set.object, set.relation);
    if (tuples.length === 0) return undefined;
    if (restDepth <= 1) return node(subject, "leaf");
    const path = new Set(visited).add(key);
    const tree = node(subject, "union");
    tree.children = tuples.map((tuple) => {
      const child = subjectOf(tuple);
      return build(child, restDepth - 1, path) ?? node(child, "leaf");
    });
    return tree;
  };

  return build({ subject_set: root }, depth, new Set());
}
