import type { KetoMeter } from "./keto-meter.ts";
import type { RelatedObject, SubjectSet, TupleLister } from "./keto-tuples.ts";

/**
 * Group nesting followed when walking a viewer's memberships: as deep as
 * Keto's default `limit.max_read_depth`, past which Keto denies anyway.
 */
const MAX_NESTING = 5;

export interface ViewerGrants {
  /**
   * Ids of the objects of `namespace` that some tuple relates to the viewer
   * or to a group the viewer belongs to (directly or through nested groups),
   * as Keto lists them now. A candidate set, not an answer: a tuple may
   * relate without allowing `view`, so callers still check each object.
   */
  objects(namespace: string): Promise<Set<string>>;
}

const asUser = (userId: string): SubjectSet => ({
  namespace: "User",
  object: userId,
  relation: "",
});
const membersOf = (groupId: string): SubjectSet => ({
  namespace: "Group",
  object: groupId,
  relation: "members",
});

/**
 * One request's view of the viewer's tuples. The subjects are walked level by
 * level (the viewer, then the groups whose `members` hold them, then groups
 * holding those groups' members, …), and each level's listing of a namespace
 * starts as soon as that level is known, so a namespace costs one Keto round
 * per nesting level, not one per level plus one. Every listing is asked once
 * per request.
 */
export function viewerGrants(lister: TupleLister, userId: string, meter?: KetoMeter): ViewerGrants {
  const listings = new Map<string, Promise<RelatedObject[]>>();
  const listing = (namespace: string, subject: SubjectSet) => {
    const key = `${namespace} ${subject.namespace}:${subject.object}#${subject.relation}`;
    let listed = listings.get(key);
    if (!listed) {
      listed = lister.relatedTo(namespace, subject);
      if (meter) meter.listings += 1;
      // Whoever asks later sees the failure; until then it must not count as unhandled.
      listed.catch(() => {});
      listings.set(key, listed);
    }
    return listed;
  };

  // levels[i]: the subjects first reached at nesting i (0: the viewer alone).
  const seenGroups = new Set<string>();
  const levels: Promise<SubjectSet[]>[] = [Promise.resolve([asUser(userId)])];
  const level = (depth: number): Promise<SubjectSet[]> => {
    levels[depth] ??= level(depth - 1).then(async (previous) => {
      const listed = await Promise.all(previous.map((subject) => listing("Group", subject)));
      const next: SubjectSet[] = [];
      for (const { object, relation } of listed.flat()) {
        if (relation !== "members" || seenGroups.has(object)) continue;
        seenGroups.add(object);
        next.push(membersOf(object));
      }
      return next;
    });
    return levels[depth];
  };

  return {
    async objects(namespace) {
      const pending: Promise<RelatedObject[]>[] = [];
      for (let depth = 0; depth <= MAX_NESTING; depth += 1) {
        const subjects = await level(depth);
        if (subjects.length === 0) break;
        pending.push(...subjects.map((subject) => listing(namespace, subject)));
      }
      const related = await Promise.all(pending);
      return new Set(related.flat().map(({ object }) => object));
    },
  };
}
