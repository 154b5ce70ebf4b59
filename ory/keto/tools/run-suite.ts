import type { ExpandedPermissionTree } from "@ory/client-fetch";
import { explainKetoError } from "./keto-errors.ts";
import type { KetoTarget } from "./keto-target.ts";
import type { Suite, TreeNotation } from "./suite.ts";

/** One row of the report: an assertion of a suite and what Keto answered. */
export interface AssertionResult {
  suite: string;
  /** The check or expand as the suite wrote it, with its max-depth if it set one. */
  assertion: string;
  expected: string;
  got: string;
  ok: boolean;
  because?: string;
  /** Why Keto gave no answer (got is then "error"). */
  error?: string;
  /** For a failed expand: both trees. */
  detail?: { expected: TreeNotation | null; got: TreeNotation | null };
}

/** Writes the suite's tuples into a fresh Keto, asks every assertion, then cleans up. */
export async function runSuite(suite: Suite, target: KetoTarget): Promise<AssertionResult[]> {
  const keto = await target.open(suite.tuples.map(({ tuple }) => tuple));
  try {
    const results: AssertionResult[] = [];
    for (const check of suite.checks) {
      const row = {
        suite: suite.name,
        assertion: check.text + atDepth(check.maxDepth),
        expected: check.expect,
        because: check.because,
      };
      try {
        const got = (await keto.check(check.tuple, check.maxDepth)) ? "allowed" : "denied";
        results.push({ ...row, got, ok: got === check.expect });
      } catch (error) {
        results.push({ ...row, got: "error", ok: false, error: await explainKetoError(error) });
      }
    }
    for (const expand of suite.expands) {
      const row = {
        suite: suite.name,
        assertion: `expand ${expand.text}${atDepth(expand.maxDepth)}`,
        expected: expand.tree === null ? "no tuples" : "tree",
        because: expand.because,
      };
      try {
        const answer = await keto.expand(expand.subjectSet, expand.maxDepth);
        const got = answer ? notationOf(answer) : null;
        const ok = canonical(got) === canonical(expand.tree);
        const summary = ok ? "same tree" : got === null ? "no tuples" : "other tree";
        results.push({
          ...row,
          got: summary,
          ok,
          ...(!ok && { detail: { expected: expand.tree, got } }),
        });
      } catch (error) {
        results.push({ ...row, got: "error", ok: false, error: await explainKetoError(error) });
      }
    }
    return results;
  } finally {
    await keto.close();
  }
}

const atDepth = (maxDepth: number | undefined) =>
  maxDepth === undefined ? "" : ` (max-depth ${maxDepth})`;

/** Keto's expand tree in the suites' notation. */
export function notationOf(node: ExpandedPermissionTree): TreeNotation {
  const label = subjectLabel(node);
  if (node.type === "leaf") return label;
  // v26.2.0 expands stored subject sets only, so every inner node is a union.
  const key = node.type === "union" ? label : `${node.type} ${label}`;
  return { [key]: (node.children ?? []).map(notationOf) };
}

function subjectLabel(node: ExpandedPermissionTree): string {
  const set = node.tuple?.subject_set;
  if (!set) return node.tuple?.subject_id ?? "?";
  return set.relation === ""
    ? `${set.namespace}:${set.object}`
    : `${set.namespace}:${set.object}#${set.relation}`;
}

/** Children in a stable order: Keto returns them in storage order, which suites do not fix. */
function canonical(tree: TreeNotation | null): string {
  const sorted = (node: TreeNotation): unknown => {
    if (typeof node === "string") return node;
    const [[label, children]] = Object.entries(node);
    const kids = children
      .map(sorted)
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    return { [label]: kids };
  };
  return JSON.stringify(tree === null ? null : sorted(tree));
}
