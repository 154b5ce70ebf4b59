import {
  type ExpandedPermissionTree,
  PermissionApi,
  type Relationship,
  RelationshipApi,
} from "@ory/client-fetch";
import type { Denial, Refusal } from "./explain.ts";
import { describeOryFailure, oryConfiguration } from "./ory.ts";
import type { Permission } from "./permissions.ts";
import { WorkQueue } from "./work-queue.ts";

/**
 * An expand tree in the notation of the model's suites (docs/permissions.md): a subject set
 * Keto opened maps to its children, anything else is its subject, e.g.
 * `{ "Group:crew#members": ["User:nils", { "Group:backup#members": ["User:olga"] }] }`.
 */
export type CompactTree = string | { [subjectSet: string]: CompactTree[] };

/** Why a denial came about, as far as Keto's tuples show it. */
export interface ExplainedDenial {
  tuple: string;
  became: Refusal;
  /**
   * Each relation that holds tuples on the object asked about (or only the relation asked,
   * when it is one), expanded; then the same for the objects those tuples point at (a
   * document's parent projects), one level further. Keys are subject sets (`Project:p1#owners`).
   * Empty when Keto relates nothing to the object.
   */
  expand: Record<string, CompactTree[]>;
  /** What could not be read, when something could not: the explanation is partial. */
  error?: string;
}

export interface DenialExplainer {
  explain(denials: readonly Denial[]): Promise<ExplainedDenial[]>;
}

/** Objects (the denied one and the ones it points at) explained per denial, at most. */
const MAX_OBJECTS_PER_DENIAL = 6;
/** Keto calls in flight at once for one request's explanation. */
const CONCURRENCY = 4;
/** One page of an object's tuples: an object with more is explained from its first 100. */
const PAGE_SIZE = 100;

const subjectText = (tuple: Relationship): string => {
  if (tuple.subject_id !== undefined) return tuple.subject_id;
  const set = tuple.subject_set;
  if (!set) return "?";
  return set.relation
    ? `${set.namespace}:${set.object}#${set.relation}`
    : `${set.namespace}:${set.object}`;
};

function compact(tree: ExpandedPermissionTree): CompactTree {
  const subject = tree.tuple ? subjectText(tree.tuple) : "?";
  if (!tree.children || tree.children.length === 0) return subject;
  return { [subject]: tree.children.map(compact) };
}

/**
 * Explains denials from Keto's own tuples. Keto v26.2.0 expands stored relations
 * only, never a permit (`view` holds no tuples; it is computed), so the API does
 * not expand the permit but every relation the object holds tuples in, and
 * follows subjects that are whole objects (a document's `parents`) one level:
 * whatever permit was asked is computed from among these. It needs no copy of
 * the model, so it cannot disagree with the model Keto runs
 * (docs/decisions/0029-authorization-explain-and-shadow-checks.md).
 */
export function ketoDenialExplainer(options: {
  ketoReadUrl: string;
  timeoutMs: number;
  apiKey?: string;
}): DenialExplainer {
  const configuration = oryConfiguration(options.ketoReadUrl, options.timeoutMs, options.apiKey);
  const permissions = new PermissionApi(configuration);
  const relationships = new RelationshipApi(configuration);

  return {
    async explain(denials) {
      const queue = new WorkQueue(CONCURRENCY);
      const run = <T>(task: () => Promise<T>) => queue.push(task) as Promise<T>;
      // Several denials on one object (view and edit of one project) read it once.
      const objects = new Map<string, Promise<ObjectExplanation>>();
      const explainObject = (namespace: string, object: string) => {
        const key = `${namespace}:${object}`;
        let found = objects.get(key);
        if (!found) {
          found = readObject(namespace, object);
          objects.set(key, found);
        }
        return found;
      };

      async function readObject(namespace: string, object: string): Promise<ObjectExplanation> {
        const { relation_tuples: tuples = [] } = await run(() =>
          relationships.getRelationships({ namespace, object, pageSize: PAGE_SIZE }),
        );
        const relations = [...new Set(tuples.map((tuple) => tuple.relation))];
        const trees = await Promise.all(
          relations.map(async (name) => {
            const tree = await run(() =>
              permissions.expandPermissions({ namespace, object, relation: name }),
            );
            // Keto answers a subject set without tuples with a bare error object, not a tree.
            const children = tree.type ? (tree.children ?? []).map(compact) : [];
            return [`${namespace}:${object}#${name}`, children] as const;
          }),
        );
        // Users are subject sets with an empty relation too, but nothing is related to them.
        const pointsAt = tuples.flatMap(({ subject_set: set }) =>
          set && set.relation === "" && set.namespace !== "User"
            ? [{ namespace: set.namespace, object: set.object }]
            : [],
        );
        return { trees, pointsAt };
      }

      async function explainOne(denial: Denial): Promise<ExplainedDenial> {
        const expand: Record<string, CompactTree[]> = {};
        const { namespace, object, relation } = denial.permission;
        try {
          // A stored relation (a group's members) is expanded alone; a permit, via its object.
          const own = await explainObject(namespace, object);
          const asked = `${namespace}:${object}#${relation}`;
          const stored = own.trees.some(([key]) => key === asked);
          const trees = stored ? own.trees.filter(([key]) => key === asked) : own.trees;
          for (const [key, children] of trees) expand[key] = children;
          if (!stored) {
            const further = uniqueObjects(own.pointsAt).slice(0, MAX_OBJECTS_PER_DENIAL - 1);
            const explained = await Promise.all(
              further.map((target) => explainObject(target.namespace, target.object)),
            );
            for (const { trees: targetTrees } of explained) {
              for (const [key, children] of targetTrees) expand[key] = children;
            }
          }
          return { tuple: denial.tuple, became: denial.became, expand };
        } catch (error) {
          return {
            tuple: denial.tuple,
            became: denial.became,
            expand,
            error: `Keto could not expand: ${describeOryFailure(error)}`,
          };
        }
      }

      return Promise.all(denials.map(explainOne));
    },
  };
}

interface ObjectExplanation {
  trees: (readonly [string, CompactTree[]])[];
  /** Subjects that are whole objects (`Project:p1`, empty relation): what a traversal follows. */
  pointsAt: Omit<Permission, "relation">[];
}

function uniqueObjects(objects: Omit<Permission, "relation">[]) {
  const seen = new Map(objects.map((target) => [`${target.namespace}:${target.object}`, target]));
  return [...seen.values()];
}
