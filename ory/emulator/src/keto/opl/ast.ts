/**
 * The namespace model Keto builds from an OPL file. Its shape mirrors Keto's own AST closely on
 * purpose: the check engine's depth accounting depends on where the parser puts group nodes.
 */

/** A permission expression. `group` is Keto's SubjectSetRewrite (an n-ary OR / AND). */
export type Expression =
  | { kind: "computed"; relation: string }
  | { kind: "traverse"; relation: string; computed: string }
  | { kind: "not"; operand: Expression }
  | Group;

export interface Group {
  kind: "group";
  operator: "or" | "and";
  children: Expression[];
}

/** A declared subject type: `User` (relation undefined) or `SubjectSet<Group, "members">`. */
export interface RelationType {
  namespace: string;
  relation?: string;
}

/** A relation from `related` (types, no rewrite) or a permit from `permits` (a rewrite). */
export interface Relation {
  name: string;
  types: RelationType[];
  rewrite?: Group;
}

export interface Namespace {
  name: string;
  relations: Relation[];
}

/** A position in the OPL text; Keto reports `Line` 1-based. */
export interface SourcePosition {
  line: number;
  column: number;
}

export interface SourceSpan {
  start: SourcePosition;
  end: SourcePosition;
}

export interface OplError extends SourceSpan {
  message: string;
}
