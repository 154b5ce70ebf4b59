import { MAX_GROUP_HOPS } from "./keto-depth.ts";
import type { KetoMeter } from "./keto-meter.ts";
import type { RelatedObject, SubjectSet, TupleLister } from "./keto-tuples.ts";
import { PermissionMap } from "./permission-map.ts";
import { groupMembersSubject, permitsGrantedBy, userSubject } from "./vocabulary.ts";

export interface ViewerGrants {
  /**
   * Ids of the objects of `namespace` that some tuple relates to the viewer
   * or to a group the viewer belongs to (directly or through nested groups),
   * as Keto lists them now. A candidate set, not an answer: a tuple may
   * relate without allowing `view`, so callers still check each object.
   */
  objects(namespace: string): Promise<Set<string>>;
  /**
   * What the viewer's own tuples of `namespace` (subject `User:<viewer>`, no group between)
   * grant for certain by the permission model: Keto answers each of these checks yes. Shares
   * the listing `objects` makes.
   */
  directPermits(namespace: string): Promise<PermissionMap<true>>;
}

/**
 * One request's view of the viewer's tuples. The subjects are walked level by
 * level (the viewer, then the groups whose `members` hold them, then groups
 * holding those groups' members, …), and each level's listing of a namespace
 * starts as soon as that level is known. The groups the API's own mirror says
 * the viewer belongs to (`knownGroups`) are listed in the first level with the
 * viewer, so the walk needs more levels only for memberships written to Keto
 * directly. Every listing is asked once per request.
 */
export function viewerGrants(
  lister: TupleLister,
  userId: string,
  knownGroups: () => Promise<string[]>,
  meter?: KetoMeter,
): ViewerGrants {
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

  // levels[i]: the subjects first reached at step i (0: the viewer and its known groups).
  const seenGroups = new Set<string>();
  const levels: Promise<SubjectSet[]>[] = [
    knownGroups().then((groups) => {
      for (const group of groups) seenGroups.add(group);
      return [userSubject(userId), ...groups.map(groupMembersSubject)];
    }),
  ];
  const level = (depth: number): Promise<SubjectSet[]> => {
    levels[depth] ??= level(depth - 1).then(async (previous) => {
      const listed = await Promise.all(previous.map((subject) => listing("Group", subject)));
      const next: SubjectSet[] = [];
      for (const { object, relation } of listed.flat()) {
        if (relation !== "members" || seenGroups.has(object)) continue;
        seenGroups.add(object);
        next.push(groupMembersSubject(object));
      }
      return next;
    });
    return levels[depth];
  };

  const permits = new Map<string, Promise<PermissionMap<true>>>();
  const own = (namespace: string) => listing(namespace, userSubject(userId));

  return {
    async objects(namespace) {
      // The viewer's own tuples need no group walk: their listings leave at once.
      own(namespace);
      own("Group");
      const pending: Promise<RelatedObject[]>[] = [];
      for (let depth = 0; depth <= MAX_GROUP_HOPS; depth += 1) {
        const subjects = await level(depth);
        if (subjects.length === 0) break;
        if (meter) meter.listingSteps = Math.max(meter.listingSteps, depth + 1);
        pending.push(...subjects.map((subject) => listing(namespace, subject)));
      }
      const related = await Promise.all(pending);
      return new Set(related.flat().map(({ object }) => object));
    },
    directPermits(namespace) {
      let held = permits.get(namespace);
      if (!held) {
        held = own(namespace).then((related) => {
          const granted = new PermissionMap<true>();
          for (const { object, relation } of related) {
            for (const permit of permitsGrantedBy(namespace, relation)) {
              granted.set({ namespace, object, relation: permit }, true);
            }
          }
          return granted;
        });
        permits.set(namespace, held);
      }
      return held;
    },
  };
}
