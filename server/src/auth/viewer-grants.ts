import { MAX_GROUP_HOPS } from "./keto-depth.ts";
import type { KetoMeter } from "./keto-meter.ts";
import type { RelatedObject, SubjectSet, TupleLister } from "./keto-tuples.ts";
import { PermissionMap } from "./permission-map.ts";
import type { Permission } from "./permissions.ts";
import { groupMembersSubject, namesGranting, permitsGrantedBy, userSubject } from "./vocabulary.ts";

/** A check the viewer's listings settle: yes, no, or undefined when only Keto can say. */
export type ListedAnswer = (permission: Permission) => boolean | undefined;

export interface ViewerGrants {
  /**
   * Ids of the objects of `namespace` that some tuple relates to the viewer
   * or to a group the viewer belongs to (directly or through nested groups),
   * as Keto lists them now. A candidate set, not an answer: a tuple may
   * relate without allowing `view`, so callers still check each object.
   */
  objects(namespace: string): Promise<Set<string>>;
  /**
   * The checks of `namespace` these listings settle by the permission model (decision 0030):
   * yes when one of the viewer's own tuples (subject `User:<viewer>`, no group between) grants
   * the permit for certain; no when the listings are complete and no tuple of the viewer or of
   * any group they are in names anything that could grant it. Shares the listings `objects`
   * makes.
   */
  answers(namespace: string): Promise<ListedAnswer>;
}

/** One namespace's listings over every subject the walk reached. */
interface Walked {
  /** Each object, with the relations some reached subject holds on it. */
  reach: Map<string, Set<string>>;
  /** The permits the viewer's own tuples grant for certain. */
  granted: PermissionMap<true>;
  /** False when a listing was cut short or the group walk stopped at its bound. */
  complete: boolean;
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
  type Listing = { related: RelatedObject[]; complete: boolean };
  const listings = new Map<string, Promise<Listing>>();
  const listing = (namespace: string, subject: SubjectSet) =>
    remembered(
      listings,
      `${namespace} ${subject.namespace}:${subject.object}#${subject.relation}`,
      () => {
        if (meter) meter.listings += 1;
        return lister.relatedTo(namespace, subject);
      },
    );

  // levels[i]: the subjects first reached at step i (0: the viewer and its known groups).
  const seenGroups = new Set<string>();
  let groupsComplete = true;
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
      for (const { related, complete } of listed) {
        if (!complete) groupsComplete = false;
        for (const { object, relation } of related) {
          if (relation !== "members" || seenGroups.has(object)) continue;
          seenGroups.add(object);
          next.push(groupMembersSubject(object));
        }
      }
      return next;
    });
    return levels[depth];
  };

  const own = (namespace: string) => listing(namespace, userSubject(userId));
  const walks = new Map<string, Promise<Walked>>();
  const walk = (namespace: string) => remembered(walks, namespace, () => walkNamespace(namespace));
  const walkNamespace = async (namespace: string): Promise<Walked> => {
    // The viewer's own tuples need no group walk: their listings leave at once.
    own(namespace);
    own("Group");
    const pending: Promise<Listing>[] = [];
    let ended = false;
    for (let depth = 0; depth <= MAX_GROUP_HOPS; depth += 1) {
      const subjects = await level(depth);
      if (subjects.length === 0) {
        ended = true;
        break;
      }
      if (meter) meter.listingSteps = Math.max(meter.listingSteps, depth + 1);
      pending.push(...subjects.map((subject) => listing(namespace, subject)));
    }
    const listed = await Promise.all(pending);
    const reach = new Map<string, Set<string>>();
    for (const { related } of listed) {
      for (const { object, relation } of related) {
        let relations = reach.get(object);
        if (!relations) {
          relations = new Set();
          reach.set(object, relations);
        }
        relations.add(relation);
      }
    }
    const granted = new PermissionMap<true>();
    for (const { object, relation } of (await own(namespace)).related) {
      for (const permit of permitsGrantedBy(namespace, relation)) {
        granted.set({ namespace, object, relation: permit }, true);
      }
    }
    const complete = ended && groupsComplete && listed.every((each) => each.complete);
    return { reach, granted, complete };
  };

  return {
    async objects(namespace) {
      return new Set((await walk(namespace)).reach.keys());
    },
    async answers(namespace) {
      const { reach, granted, complete } = await walk(namespace);
      return (permission) => {
        if (granted.has(permission)) return true;
        if (!complete) return undefined;
        const names = namesGranting(namespace, permission.relation);
        const held = reach.get(permission.object);
        if (names === undefined || names.some((name) => held?.has(name))) return undefined;
        return false;
      };
    },
  };
}

/** What `cache` holds for `key`, started once per request. */
function remembered<T>(
  cache: Map<string, Promise<T>>,
  key: string,
  start: () => Promise<T>,
): Promise<T> {
  let started = cache.get(key);
  if (!started) {
    started = start();
    // Whoever asks later sees the failure; until then it must not count as unhandled.
    started.catch(() => {});
    cache.set(key, started);
  }
  return started;
}
