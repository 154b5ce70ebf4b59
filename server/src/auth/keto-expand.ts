import {
  type ExpandedPermissionTree,
  PermissionApi,
  type Relationship,
  RelationshipApi,
} from "@ory/client-fetch";
import type { Denial, Refusal } from "./explain.ts";
import {
  type CompactTree,
  type DenialTrees,
  type ExpandNode,
  type ObjectVisibility,
  shapeTrees,
  type TreeSubject,
} from "./explain-trees.ts";
import type { KetoMeter } from "./keto-meter.ts";
import { describeOryFailure, oryConfiguration } from "./ory.ts";
import type { Permission } from "./permissions.ts";
import { WorkQueue } from "./work-queue.ts";

/** Why a denial came about, as far as Keto's tuples show it (and the requester may see). */
export interface ExplainedDenial {
  tuple: string;
  became: Refusal;
  /**
   * Each relation that holds tuples on the object asked about (or only the relation asked,
   * when it is one), expanded; then the same for the objects those tuples point at (a
   * document's parent projects), one level further. Keys are subject sets (`Project:p1#owners`).
   * Empty when Keto relates nothing to the object, or when the requester may not see it.
   */
  expand: Record<string, CompactTree[]>;
  /** Keys of `expand` whose tree was cut (by the node caps or Keto's max depth). */
  truncated?: string[];
  /** Why `expand` shows nothing, when it is on purpose. */
  note?: string;
  /** What could not be read, when something could not: the explanation is partial. */
  error?: string;
}

export interface ExplainOptions {
  /** The request's Keto meter: the explanation's listings and expands count as `explainCalls`. */
  meter: KetoMeter;
  /**
   * What the requester may see (integrators in production): hidden denials are not expanded,
   * and the trees are pruned to it. Absent outside production: Keto's trees in full.
   */
  mayInspect?: ObjectVisibility;
}

export interface DenialExplainer {
  explain(denials: readonly Denial[], options: ExplainOptions): Promise<ExplainedDenial[]>;
}

/** Why a denial that hid something shows no tree to an integrator. */
export const HIDDEN_NOTE =
  "It hid something you may not see; an explanation shows no tuples about what is hidden from you.";
/** Why a refusal on an object the requester may not see shows no tree. */
export const UNSEEN_OBJECT_NOTE =
  "You may not see who holds this object's relations, so its tuples are not shown.";

/** Objects (the denied one and the ones it points at) explained per denial, at most. */
const MAX_OBJECTS_PER_DENIAL = 6;
/** Keto calls in flight at once for one request's explanation. */
const CONCURRENCY = 4;
/** One page of an object's tuples: an object with more is explained from its first 100. */
const PAGE_SIZE = 100;
/**
 * Keto's `max-depth` for the explanation's expands: the relation, the groups in it, and the
 * groups nested in those are opened; a set one level deeper is named but not opened, and
 * marked truncated. Keto builds a whole tree before answering, so this, unlike the node
 * caps, bounds Keto's own work. Checks may go deeper (KETO_MAX_READ_DEPTH, 7).
 */
export const EXPAND_MAX_DEPTH = 4;

function subjectOf(tuple: Relationship | undefined): TreeSubject {
  if (tuple?.subject_id !== undefined) return { id: tuple.subject_id };
  const set = tuple?.subject_set;
  return set
    ? { namespace: set.namespace, object: set.object, relation: set.relation }
    : { id: "?" };
}

/** `restDepth`: the depth Keto had left at this node (a set at 1 or less is not opened). */
function nodeOf(tree: ExpandedPermissionTree, restDepth: number): ExpandNode {
  const subject = subjectOf(tree.tuple);
  const children = (tree.children ?? []).map((child) => nodeOf(child, restDepth - 1));
  const isSet = "relation" in subject && subject.relation !== "";
  return { subject, children, depthCut: isSet && children.length === 0 && restDepth <= 1 };
}

/**
 * Explains denials from Keto's own tuples. Keto v26.2.0 expands stored relations
 * only, never a permit (`view` holds no tuples; it is computed), so the API does
 * not expand the permit but every relation the object holds tuples in, and
 * follows subjects that are whole objects (a document's `parents`) one level:
 * whatever permit was asked is computed from among these. It needs no copy of
 * the model, so it cannot disagree with the model Keto runs
 * (docs/decisions/0029-authorization-explain-and-shadow-checks.md).
 *
 * With `mayInspect` (integrators in production) nothing the requester may not see is read
 * or shown: a denial that hid something is not expanded, and an object, the denied one or
 * one pointed at, is read only if the requester may see its holders; the trees are then
 * pruned and capped by `shapeTrees`.
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
    async explain(denials, { meter, mayInspect }) {
      const queue = new WorkQueue(CONCURRENCY);
      const run = <T>(task: () => Promise<T>) =>
        queue.push(() => {
          meter.explainCalls += 1;
          return task();
        }) as Promise<T>;
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
      const seen = (target: Omit<Permission, "relation">) =>
        mayInspect ? mayInspect(target.namespace, target.object).catch(() => false) : true;

      async function readObject(namespace: string, object: string): Promise<ObjectExplanation> {
        const { relation_tuples: tuples = [] } = await run(() =>
          relationships.getRelationships({ namespace, object, pageSize: PAGE_SIZE }),
        );
        const relations = [...new Set(tuples.map((tuple) => tuple.relation))];
        const trees = await Promise.all(
          relations.map(async (name) => {
            const tree = await run(() =>
              permissions.expandPermissions({
                namespace,
                object,
                relation: name,
                maxDepth: EXPAND_MAX_DEPTH,
              }),
            );
            // Keto answers a subject set without tuples with a bare error object, not a tree.
            const children = tree.type
              ? (tree.children ?? []).map((child) => nodeOf(child, EXPAND_MAX_DEPTH - 1))
              : [];
            return { key: `${namespace}:${object}#${name}`, children };
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

      async function readDenial(denial: Denial): Promise<DenialReading> {
        const trees: DenialTrees = [];
        const { namespace, object, relation } = denial.permission;
        if (mayInspect && denial.became === "hidden") return { trees, note: HIDDEN_NOTE };
        if (!(await seen(denial.permission))) return { trees, note: UNSEEN_OBJECT_NOTE };
        try {
          // A stored relation (a group's members) is expanded alone; a permit, via its object.
          const own = await explainObject(namespace, object);
          const asked = `${namespace}:${object}#${relation}`;
          const stored = own.trees.some(({ key }) => key === asked);
          trees.push(...(stored ? own.trees.filter(({ key }) => key === asked) : own.trees));
          if (!stored) {
            const candidates = uniqueObjects(own.pointsAt).slice(0, MAX_OBJECTS_PER_DENIAL - 1);
            const shown = await Promise.all(candidates.map(seen));
            const explained = await Promise.all(
              candidates
                .filter((_, index) => shown[index])
                .map((target) => explainObject(target.namespace, target.object)),
            );
            for (const { trees: targetTrees } of explained) trees.push(...targetTrees);
          }
          return { trees };
        } catch (error) {
          return { trees, error: `Keto could not expand: ${describeOryFailure(error)}` };
        }
      }

      const readings = await Promise.all(denials.map(readDenial));
      const shaped = await shapeTrees(
        readings.map(({ trees }) => trees),
        mayInspect,
      );
      return denials.map((denial, index) => {
        const { note, error } = readings[index];
        const { expand, truncated } = shaped[index];
        return {
          tuple: denial.tuple,
          became: denial.became,
          expand,
          ...(truncated.length > 0 ? { truncated } : {}),
          ...(note ? { note } : {}),
          ...(error ? { error } : {}),
        };
      });
    },
  };
}

interface DenialReading {
  trees: DenialTrees;
  note?: string;
  error?: string;
}

interface ObjectExplanation {
  trees: DenialTrees;
  /** Subjects that are whole objects (`Project:p1`, empty relation): what a traversal follows. */
  pointsAt: Omit<Permission, "relation">[];
}

function uniqueObjects(objects: Omit<Permission, "relation">[]) {
  const seen = new Map(objects.map((target) => [`${target.namespace}:${target.object}`, target]));
  return [...seen.values()];
}
