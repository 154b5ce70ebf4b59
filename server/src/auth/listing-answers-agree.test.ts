import { type OryEmulator, startOryEmulator } from "@app/ory-emulator";
import type { Relationship } from "@ory/client-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTuples } from "../testing/keto-admin.ts";
import { ketoPermissionChecker } from "./keto.ts";
import { ketoTupleLister } from "./keto-tuples.ts";
import type { Permission } from "./permissions.ts";
import { viewerGrants } from "./viewer-grants.ts";
import { groupMembersSubject, permitsOf, userSubject } from "./vocabulary.ts";

/**
 * Every answer the viewer's listings give (decisions 0030, 0031) is the answer Keto's check
 * gives, over random worlds of users, nested groups (cycles included) and project grants
 * written straight into Keto, with the mirror's idea of the viewer's groups right, partial or
 * empty. Keto is the emulator, reached through the same lister and checker the API uses.
 */
let emulator: OryEmulator;
beforeAll(async () => {
  emulator = await startOryEmulator({ ephemeralPorts: true, only: "keto" });
});
afterAll(() => emulator?.close());

/** A small deterministic generator, so a failing world can be run again. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  return { below: (n: number) => Math.floor(next() * n), chance: (p: number) => next() < p };
}

function world(index: number) {
  const { below, chance } = random(index + 1);
  const id = (kind: string, n: number) => `w${index}-${kind}${n}`;
  const users = [0, 1, 2, 3].map((n) => id("u", n));
  const groups = [0, 1, 2, 3].map((n) => id("g", n));
  const projects = [0, 1, 2, 3, 4, 5].map((n) => id("p", n));
  const someone = () =>
    chance(0.6) ? userSubject(users[below(4)]) : groupMembersSubject(groups[below(4)]);
  const tuples: Relationship[] = [];
  for (const group of groups) {
    for (let k = below(3); k > 0; k--) {
      tuples.push({
        namespace: "Group",
        object: group,
        relation: "members",
        subject_set: someone(),
      });
    }
    if (chance(0.5)) {
      const owner = userSubject(users[below(4)]);
      tuples.push({ namespace: "Group", object: group, relation: "owners", subject_set: owner });
    }
  }
  for (const project of projects) {
    for (let k = below(4); k > 0; k--) {
      const relation = ["owners", "editors", "viewers"][below(3)];
      tuples.push({ namespace: "Project", object: project, relation, subject_set: someone() });
    }
  }
  return { users, groups, projects, tuples, below, chance };
}

describe("answers from the viewer's listings", () => {
  it("agree with Keto's checks wherever they answer", async () => {
    const options = { ketoReadUrl: emulator.urls.ketoRead, timeoutMs: 5_000, log: { warn() {} } };
    const lister = ketoTupleLister(options);
    const checker = ketoPermissionChecker({ ...options, batchSize: 100 });
    const given = { yes: 0, no: 0, left: 0 };
    for (let index = 0; index < 25; index++) {
      const { users, groups, projects, tuples, chance } = world(index);
      await insertTuples(emulator.urls.ketoWrite, tuples);
      for (const user of users) {
        // What the mirror believes: the user's direct groups, some of them, or none.
        const direct = tuples
          .filter((t) => t.relation === "members" && t.subject_set?.object === user)
          .map((t) => t.object);
        const known = direct.filter(() => chance(0.5));
        const grants = viewerGrants(lister, user, async () => known);
        const asked: Permission[] = [
          ...projects.flatMap((object) =>
            permitsOf("Project").map((relation) => ({ namespace: "Project", object, relation })),
          ),
          ...groups.flatMap((object) =>
            permitsOf("Group").map((relation) => ({ namespace: "Group", object, relation })),
          ),
        ];
        const answers = {
          Project: await grants.answers("Project"),
          Group: await grants.answers("Group"),
        };
        const truth = await checker.check(
          asked.map((p) => ({ ...p, subject_set: userSubject(user) })),
        );
        for (const [k, permission] of asked.entries()) {
          const answer = answers[permission.namespace as "Project" | "Group"](permission);
          if (answer === undefined) {
            given.left += 1;
            continue;
          }
          given[answer ? "yes" : "no"] += 1;
          expect({ world: index, user, permission, answer }).toEqual({
            world: index,
            user,
            permission,
            answer: truth[k],
          });
        }
      }
    }
    // The worlds exercise every kind of answer, not only the easy ones.
    expect(given.yes).toBeGreaterThan(50);
    expect(given.no).toBeGreaterThan(200);
    expect(given.left).toBeGreaterThan(50);
  });
});
