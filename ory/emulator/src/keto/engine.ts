import type { Namespaces } from "./namespaces.ts";
import type { Expression, Group } from "./opl/ast.ts";
import { type RelationTuple, type SubjectSet, subjectOf, subjectSetKey } from "./relation-tuple.ts";
import type { TupleStore } from "./store.ts";

/**
 * Keto v26.2.0's check engine (`internal/check`), step for step, because its answers depend on
 * the exact order and depth each step consumes: a direct tuple needs depth 2, the parser's
 * one-child group nodes cost a level, and an `!` over a branch that ran out of depth fails open.
 * "unknown" (depth exhausted) only survives where Keto lets it: the step that hit the limit and
 * an `!` directly above it; every group turns it into "not member".
 */
type Membership = "member" | "notMember" | "unknown";

export interface CheckLimits {
  maxReadDepth: number;
  maxReadWidth: number;
  strictMode: boolean;
}

/** Subject sets already expanded on the current path, so cyclic tuples terminate. */
type Visited = ReadonlySet<string>;

export class CheckEngine {
  constructor(
    private readonly store: TupleStore,
    private readonly namespaces: Namespaces,
    private readonly limits: CheckLimits,
  ) {}

  /** The request's max-depth only applies when it is positive and below the global limit. */
  effectiveDepth(requested: number | undefined): number {
    const global = this.limits.maxReadDepth;
    return requested === undefined || requested <= 0 || requested > global ? global : requested;
  }

  /** Throws an HttpError (400) when a relation is not declared in its OPL namespace. */
  check(tuple: RelationTuple, requestedDepth?: number): boolean {
    const depth = this.effectiveDepth(requestedDepth);
    return this.isAllowed(tuple, depth, false, new Set()) === "member";
  }

  /** Direct tuple, then rewrite, then subject-set expansion, whichever applies to the relation. */
  private isAllowed(
    tuple: RelationTuple,
    depth: number,
    skipDirect: boolean,
    visited: Visited,
  ): Membership {
    if (depth <= 0) return "unknown";
    const relation = this.namespaces.relationFor(tuple.namespace, tuple.relation);
    const rewrite = relation?.rewrite;
    const strict = this.limits.strictMode;
    const declaresSubjectSets =
      relation?.types.some((type) => type.relation !== undefined) ?? false;

    if (rewrite && this.rewrite(tuple, rewrite, depth, visited) === "member") return "member";
    if ((!strict || !rewrite) && !skipDirect && this.direct(tuple, depth - 1) === "member") {
      return "member";
    }
    if (!strict || !relation || declaresSubjectSets) {
      if (this.expandSubjectSets(tuple, depth - 1, visited) === "member") return "member";
    }
    return "notMember";
  }

  private direct(tuple: RelationTuple, depth: number): Membership {
    if (depth <= 0) return "unknown";
    return this.store.exists(tuple) ? "member" : "notMember";
  }

  /**
   * For every subject set S in `ns:obj#rel@S`: one hop is free (a stored `S@subject` answers at
   * once), otherwise check membership in S itself, skipping its direct lookup (already done).
   */
  private expandSubjectSets(tuple: RelationTuple, depth: number, visited: Visited): Membership {
    if (depth <= 0) return "unknown";
    const subjectSets = this.subjectSetsOf(tuple.namespace, tuple.object, tuple.relation);
    const subject = subjectOf(tuple);
    const inSubjectSet = (set: SubjectSet): RelationTuple => ({ ...set, ...subject });
    if (subjectSets.some((set) => this.store.exists(inSubjectSet(set)))) return "member";

    // Keto follows only the first (width - 1) subject sets of an oversized step.
    const width = this.limits.maxReadWidth;
    const followed = subjectSets.length > width ? subjectSets.slice(0, width - 1) : subjectSets;
    let path = visited;
    for (const set of followed) {
      const key = subjectSetKey(set);
      if (path.has(key)) continue;
      path = new Set(path).add(key);
      if (this.isAllowed(inSubjectSet(set), depth, true, path) === "member") return "member";
    }
    return "notMember";
  }

  private rewrite(tuple: RelationTuple, group: Group, depth: number, visited: Visited): Membership {
    if (depth <= 0) return "unknown";
    if (group.operator === "and") {
      for (const child of group.children) {
        if (this.child(tuple, child, depth, visited) !== "member") return "notMember";
      }
      return "member";
    }
    // An OR first answers all its `includes` / `permits` children with one tuple lookup, then
    // checks each of them one level deeper without repeating that lookup.
    const computed = group.children.flatMap((child) =>
      child.kind === "computed" ? [child.relation] : [],
    );
    if (computed.length > 0) {
      const lookedUp = this.limits.strictMode
        ? computed.filter((name) => !this.namespaces.relationFor(tuple.namespace, name)?.rewrite)
        : computed;
      if (lookedUp.some((relation) => this.store.exists({ ...tuple, relation }))) return "member";
      for (const relation of computed) {
        if (this.isAllowed({ ...tuple, relation }, depth - 1, true, visited) === "member")
          return "member";
      }
    }
    for (const child of group.children) {
      if (child.kind === "computed") continue;
      if (this.child(tuple, child, depth, visited) === "member") return "member";
    }
    return "notMember";
  }

  /** A child of a group: nested groups cost one level, everything else runs at the same depth. */
  private child(
    tuple: RelationTuple,
    child: Expression,
    depth: number,
    visited: Visited,
  ): Membership {
    if (child.kind === "group") return this.rewrite(tuple, child, depth - 1, visited);
    return this.evaluate(tuple, child, depth, visited);
  }

  /** An expression at the given depth (also how `!` evaluates its operand: no extra level). */
  private evaluate(
    tuple: RelationTuple,
    expression: Expression,
    depth: number,
    visited: Visited,
  ): Membership {
    switch (expression.kind) {
      case "computed":
        return this.isAllowed({ ...tuple, relation: expression.relation }, depth, false, visited);
      case "traverse":
        return this.traverse(tuple, expression.relation, expression.computed, depth, visited);
      case "group":
        return this.rewrite(tuple, expression, depth, visited);
      case "not": {
        const inner = this.evaluate(tuple, expression.operand, depth, visited);
        if (inner === "unknown") return inner;
        return inner === "member" ? "notMember" : "member";
      }
    }
  }

  /**
   * `this.related.R.traverse(x => x…Y)`: for each stored `ns:obj#R@S` whose subject is a subject
   * set, check Y on S's object. Plain subject ids are ignored and S's own relation and namespace
   * are not compared with R's declared types (both as in v26.2.0).
   */
  private traverse(
    tuple: RelationTuple,
    relation: string,
    computed: string,
    depth: number,
    visited: Visited,
  ): Membership {
    const subject = subjectOf(tuple);
    for (const set of this.subjectSetsOf(tuple.namespace, tuple.object, relation)) {
      const target = {
        namespace: set.namespace,
        object: set.object,
        relation: computed,
        ...subject,
      };
      if (this.isAllowed(target, depth - 1, false, visited) === "member") return "member";
    }
    return "notMember";
  }

  private subjectSetsOf(namespace: string, object: string, relation: string): SubjectSet[] {
    return this.store
      .related(namespace, object, relation)
      .flatMap((tuple) => (tuple.subject_set ? [tuple.subject_set] : []));
  }
}
