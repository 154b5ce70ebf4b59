import { describe, expect, it } from "vitest";
import { MAX_GROUP_HOPS } from "./keto-depth.ts";
import type { RelatedObject, SubjectSet, TupleLister } from "./keto-tuples.ts";
import { viewerGrants } from "./viewer-grants.ts";

/**
 * What the viewer's listings settle, over a lister that serves fixed tuples: which answers
 * the permission model lets a listing give, and when an incomplete listing gives none.
 */
type Tuple = { namespace: string; object: string; relation: string; subject: string };

const viewer = "viewer";
const user = (id: string) => `User:${id}#`;
const members = (group: string) => `Group:${group}#members`;
const key = (subject: SubjectSet) => `${subject.namespace}:${subject.object}#${subject.relation}`;

/** `cutShort("Group", subject)`: that listing says it was cut at its page bound. */
function listerOf(
  tuples: Tuple[],
  cutShort: (namespace: string, subject: string) => boolean = () => false,
) {
  const lister: TupleLister = {
    async relatedTo(namespace, subject) {
      const related: RelatedObject[] = tuples
        .filter((tuple) => tuple.namespace === namespace && tuple.subject === key(subject))
        .map(({ object, relation }) => ({ object, relation }));
      return { related, complete: !cutShort(namespace, key(subject)) };
    },
    subjectsOf: async () => [],
  };
  return lister;
}

const project = (object: string, relation: string, subject: string): Tuple => ({
  namespace: "Project",
  object,
  relation,
  subject,
});
const member = (group: string, subject: string): Tuple => ({
  namespace: "Group",
  object: group,
  relation: "members",
  subject,
});
const check = (object: string, relation: string, namespace = "Project") => ({
  namespace,
  object,
  relation,
});

async function answersFor(lister: TupleLister, namespace = "Project", knownGroups: string[] = []) {
  return viewerGrants(lister, viewer, async () => knownGroups).answers(namespace);
}

describe("what the viewer's listings settle", () => {
  it("grants what the viewer's own tuples grant, and denies what nothing listed could grant", async () => {
    const answer = await answersFor(
      listerOf([project("p", "owners", user(viewer)), project("q", "viewers", user(viewer))]),
    );
    expect([check("p", "manage"), check("p", "edit"), check("p", "view")].map(answer)).toEqual([
      true,
      true,
      true,
    ]);
    expect([check("q", "view"), check("q", "edit"), check("q", "manage")].map(answer)).toEqual([
      true,
      false,
      false,
    ]);
    // An object nothing names: Keto would deny every permit there.
    expect(answer(check("elsewhere", "view"))).toBe(false);
  });

  it("leaves to Keto what a group of the viewer's could grant, known to the mirror or not", async () => {
    const tuples = [
      project("q", "viewers", user(viewer)),
      member("known", user(viewer)),
      project("q", "editors", members("known")),
      // Found by the walk only: a group holding the known group's members.
      member("outer", members("known")),
      project("r", "owners", members("outer")),
    ];
    const answer = await answersFor(listerOf(tuples), "Project", ["known"]);
    expect(answer(check("q", "edit"))).toBeUndefined();
    expect(answer(check("q", "manage"))).toBe(false);
    expect(answer(check("r", "manage"))).toBeUndefined();
  });

  it("denies nothing when a listing was cut short", async () => {
    const tuples = [project("q", "viewers", user(viewer)), member("team", user(viewer))];
    const complete = await answersFor(listerOf(tuples));
    expect(complete(check("q", "edit"))).toBe(false);

    const cut = (namespace: string, subject: string) => (ns: string, of: string) =>
      ns === namespace && of === subject;
    const ownCut = await answersFor(listerOf(tuples, cut("Project", user(viewer))));
    expect(ownCut(check("q", "view"))).toBe(true);
    expect(ownCut(check("q", "edit"))).toBeUndefined();
    // The groups the viewer is in may be more than the listing showed.
    const groupsCut = await answersFor(listerOf(tuples, cut("Group", user(viewer))));
    expect(groupsCut(check("q", "edit"))).toBeUndefined();
    const groupsProjectsCut = await answersFor(listerOf(tuples, cut("Project", members("team"))));
    expect(groupsProjectsCut(check("q", "edit"))).toBeUndefined();
  });

  it("denies nothing when the group walk stops at its bound before it ends", async () => {
    /** The viewer in g0, g0's members in g1, …: `length` nested groups. */
    const chain = (length: number) => {
      const tuples = [project("q", "viewers", user(viewer)), member("g0", user(viewer))];
      for (let index = 1; index < length; index++) {
        tuples.push(member(`g${index}`, members(`g${index - 1}`)));
      }
      return listerOf(tuples);
    };
    // The walk lists MAX_GROUP_HOPS + 1 levels (the viewer's, then one per group); it has
    // ended when one of them brings no new group.
    expect((await answersFor(chain(MAX_GROUP_HOPS - 1)))(check("q", "edit"))).toBe(false);
    expect((await answersFor(chain(MAX_GROUP_HOPS)))(check("q", "edit"))).toBeUndefined();
  });

  it("denies nothing the model lets other objects grant: a document inherits its project's", async () => {
    const answer = await answersFor(
      listerOf([{ namespace: "Document", object: "d", relation: "owners", subject: user(viewer) }]),
      "Document",
    );
    expect(answer(check("d", "edit", "Document"))).toBe(true);
    expect(answer(check("other", "view", "Document"))).toBeUndefined();
  });
});
