/**
 * Turns the expand trees Keto returned for an explained request into what the response
 * shows: at most so many nodes, and, for integrators in production, only what the requester
 * may see (docs/permissions.md, "Explaining a request").
 */

/** A subject of an expand tree: a user, an object or a subject set; `id` for a bare subject id. */
export type TreeSubject = { namespace: string; object: string; relation: string } | { id: string };

/** One node of Keto's expand tree, as read (auth/keto-expand.ts). */
export interface ExpandNode {
  subject: TreeSubject;
  children: ExpandNode[];
  /** A subject set Keto left unopened at its last level of depth: it may hold more. */
  depthCut: boolean;
}

/**
 * An expand tree in the notation of the model's suites (docs/permissions.md): a subject set
 * shown with its children maps to them, anything else is its subject, e.g.
 * `{ "Group:crew#members": ["User:nils", { "Group:backup#members": ["User:olga"] }] }`.
 * A subject set whose children are not all shown also carries `truncated: true`.
 */
export type CompactTree = string | { [subjectSet: string]: CompactTree[] | true };

/**
 * May the requester see who holds this object's relations? Absent outside production,
 * where explanations show Keto's trees in full.
 */
export type ObjectVisibility = (namespace: string, object: string) => Promise<boolean>;

/**
 * Nodes one tree (one relation of one object) shows at most: a relation's first people and
 * groups say why a check was denied; thousands of members say nothing more.
 */
export const MAX_NODES_PER_TREE = 200;
/**
 * Nodes one response shows at most, over all its denials (20 at most, each up to six objects
 * with a few relations): keeps an explained response in the tens of kilobytes.
 */
export const MAX_NODES_PER_RESPONSE = 1_000;

/** The relations read for one denial, each with the children Keto gave it. */
export type DenialTrees = { key: string; children: ExpandNode[] }[];

export interface ShapedTrees {
  expand: Record<string, CompactTree[]>;
  /** Keys of `expand` whose tree is cut somewhere: at its top, or at a set marked `truncated`. */
  truncated: string[];
}

const isPerson = (subject: TreeSubject) =>
  "namespace" in subject && subject.namespace === "User" && subject.relation === "";

function subjectText(subject: TreeSubject): string {
  if ("id" in subject) return subject.id;
  const { namespace, object, relation } = subject;
  return relation ? `${namespace}:${object}#${relation}` : `${namespace}:${object}`;
}

/** What stands for a subject the requester may not see: its kind, never its id. */
function opaque(subject: TreeSubject): string {
  if ("id" in subject) return "(hidden)";
  return subject.relation
    ? `${subject.namespace}:(hidden)#${subject.relation}`
    : `${subject.namespace}:(hidden)`;
}

interface TreeState {
  key: string;
  remaining: number;
  cut: boolean;
}

/** A list of children still to show, and where to put them. */
interface Pending {
  source: ExpandNode[];
  target: CompactTree[];
  tree: TreeState;
  /** Marks the set that holds `target` as truncated (nothing for a tree's top). */
  markCut(): void;
}

/**
 * Shapes every denial's trees, a level at a time over all of them, so the caps keep the top
 * of each tree (a relation's direct people and groups) before anything nested. With
 * `mayInspect`, each level's objects and subject sets are checked in one batch: one the
 * requester may not see becomes an opaque leaf (`Group:(hidden)#members`) and is not opened,
 * so it costs one node and tells nothing of its size. People stay wherever the set holding
 * them is shown: the API shows people to anyone signed in, as members and collaborators of
 * what they may see. A check that fails counts as "may not see".
 */
export async function shapeTrees(
  denials: readonly DenialTrees[],
  mayInspect?: ObjectVisibility,
): Promise<ShapedTrees[]> {
  let responseRemaining = MAX_NODES_PER_RESPONSE;
  const trees: TreeState[][] = [];
  let frontier: Pending[] = [];
  const shaped = denials.map((relations, index) => {
    const expand: Record<string, CompactTree[]> = {};
    trees[index] = [];
    for (const { key, children } of relations) {
      const target: CompactTree[] = [];
      expand[key] = target;
      const tree = { key, remaining: MAX_NODES_PER_TREE, cut: false };
      trees[index].push(tree);
      frontier.push({ source: children, target, tree, markCut: () => {} });
    }
    return expand;
  });

  while (frontier.length > 0) {
    const taken: { node: ExpandNode; into: Pending }[] = [];
    for (const pending of frontier) {
      const { source, tree } = pending;
      const count = Math.min(source.length, tree.remaining, responseRemaining);
      tree.remaining -= count;
      responseRemaining -= count;
      for (const node of source.slice(0, count)) taken.push({ node, into: pending });
      if (count < source.length) {
        tree.cut = true;
        pending.markCut();
      }
    }
    const visible = await visibilityOf(
      taken.map(({ node }) => node.subject),
      mayInspect,
    );
    const next: Pending[] = [];
    for (const { node, into } of taken) {
      if (!visible(node.subject)) {
        into.target.push(opaque(node.subject));
        continue;
      }
      const text = subjectText(node.subject);
      if (node.children.length === 0 && !node.depthCut) {
        into.target.push(text);
        continue;
      }
      const children: CompactTree[] = [];
      const set: { [subjectSet: string]: CompactTree[] | true } = { [text]: children };
      into.target.push(set);
      if (node.depthCut) {
        set.truncated = true;
        into.tree.cut = true;
      }
      next.push({
        source: node.children,
        target: children,
        tree: into.tree,
        markCut: () => {
          set.truncated = true;
        },
      });
    }
    frontier = next.filter((pending) => pending.source.length > 0);
  }

  return shaped.map((expand, index) => ({
    expand,
    truncated: trees[index].filter((tree) => tree.cut).map((tree) => tree.key),
  }));
}

/** Asks about each object once; every check starts in the same tick, so they share a round. */
async function visibilityOf(
  subjects: TreeSubject[],
  mayInspect: ObjectVisibility | undefined,
): Promise<(subject: TreeSubject) => boolean> {
  if (!mayInspect) return () => true;
  const keyOf = (subject: { namespace: string; object: string }) =>
    `${subject.namespace}:${subject.object}`;
  const asked = new Map<string, Promise<boolean>>();
  for (const subject of subjects) {
    if ("id" in subject || isPerson(subject) || asked.has(keyOf(subject))) continue;
    asked.set(
      keyOf(subject),
      mayInspect(subject.namespace, subject.object).catch(() => false),
    );
  }
  const answers = new Map<string, boolean>();
  await Promise.all(
    [...asked].map(async ([key, answer]) => {
      answers.set(key, await answer);
    }),
  );
  // A bare subject id names nothing the requester could be allowed to see.
  return (subject) =>
    "id" in subject ? false : isPerson(subject) || answers.get(keyOf(subject)) === true;
}
