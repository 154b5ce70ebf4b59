import type { ModeName } from "./modes.ts";
import type { BenchUser } from "./ory.ts";
import {
  nestedWithPermits,
  projectsWithPermits,
  type Scenario,
  scenarioNames,
} from "./scenarios.ts";
import { type Seeder, spread } from "./seed.ts";

const withViewerCan: ModeName[] = ["batched", "naive", "off"];
const listDesigns: ModeName[] = ["batched", "off", "table-scan", "keto-list"];

/** One step of building the world, and the scenarios measured once it is built. */
export interface Stage {
  what: string;
  seed(): Promise<Scenario[]>;
}

const roles = ["owner", "nestedOwner", "sharer", "reader", "few", "member"] as const;
export type People = Record<(typeof roles)[number], BenchUser>;

/** Everyone who asks the API something while the world is built or measured. */
export async function signPeopleIn(seeder: Seeder): Promise<People> {
  const people: Partial<People> = {};
  for (const role of roles) people[role] = await seeder.signedIn(role);
  return people as People;
}

/**
 * The world, built up in stages so that each table size is measured when the
 * table holds exactly that many projects: the owner's own lists, then hidden
 * rows added around the rows other viewers may see.
 */
export function stages(seeder: Seeder, people: People): Stage[] {
  const { owner, nestedOwner, sharer, reader, few, member } = people;
  let readerSees: string[] = [];
  /** A `projects` page with viewerCan, measured in every list design; `ids` is the whole list. */
  const designRow = (
    group: Scenario["group"],
    name: string,
    viewer: BenchUser,
    first: number,
    ids: string[],
  ): Scenario => ({
    group,
    name,
    viewer,
    query: projectsWithPermits,
    variables: { first },
    expected: { ids, hasNextPage: false },
    modes: listDesigns,
    http: false,
  });
  const sparse = (group: "sparse-1k" | "sparse-10k", name: string) =>
    designRow(group, name, reader, 100, readerSees);
  return [
    {
      what: "the owner's 100 projects and 10 × 10 nested documents",
      seed: () => ownWorld(seeder, owner, nestedOwner),
    },
    {
      what: "100 projects shared with the reader among 1,000",
      async seed() {
        readerSees = await sharedWith(seeder, sharer, reader, spread(100));
        await seeder.fillTo(1_000, sharer);
        return [sparse("sparse-1k", scenarioNames.sparse1k)];
      },
    },
    {
      what: "5 projects shared among 2,000",
      async seed() {
        const ids = await sharedWith(seeder, sharer, few, spread(5));
        await seeder.fillTo(2_000, sharer);
        return [designRow("few", scenarioNames.few, few, 10, ids)];
      },
    },
    {
      what: "hidden projects up to 10,000",
      async seed() {
        await seeder.fillTo(10_000, sharer);
        return [sparse("sparse-10k", scenarioNames.sparse10k)];
      },
    },
    {
      what: "two groups and 20 projects shared with them",
      async seed() {
        const ids = await groupWorld(seeder, sharer, member);
        await seeder.expectProjects(10_020);
        return [designRow("groups", scenarioNames.groups, member, 20, ids)];
      },
    },
  ];
}

/** The owner's own 100 projects, and 10 × 10 nested: lists where the viewer sees every row. */
async function ownWorld(
  seeder: Seeder,
  owner: BenchUser,
  nestedOwner: BenchUser,
): Promise<Scenario[]> {
  const own = await seeder.newestFirst(await seeder.createProjects(owner, 100, "Own"));
  const nested = await seeder.newestFirst(await seeder.createProjects(nestedOwner, 10, "Nest"));
  for (const projectId of nested) {
    for (let index = 0; index < 10; index++) {
      await seeder.mutate(nestedOwner, "createDocument", { projectId, title: `Doc ${index + 1}` });
    }
  }
  const page = (name: string, first: number): Scenario => ({
    group: "own",
    name,
    viewer: owner,
    query: projectsWithPermits,
    variables: { first },
    expected: { ids: own.slice(0, first), hasNextPage: first < own.length },
    modes: withViewerCan,
    // The throughput goal compares requests in flight together.
    http: first === 100,
  });
  return [
    page(scenarioNames.own100, 100),
    page(scenarioNames.own10, 10),
    page(scenarioNames.own1, 1),
    {
      group: "nested",
      name: scenarioNames.nested,
      viewer: nestedOwner,
      query: nestedWithPermits,
      variables: {},
      expected: { ids: nested, hasNextPage: false, documentsPerProject: 10 },
      modes: withViewerCan,
      http: false,
    },
  ];
}

/** Projects the sharer makes and shares with `viewer` as VIEWER, placed on the timeline. */
async function sharedWith(
  seeder: Seeder,
  sharer: BenchUser,
  viewer: BenchUser,
  fractions: number[],
): Promise<string[]> {
  const ids = await seeder.createProjects(sharer, fractions.length, "Shared");
  for (const projectId of ids) {
    await seeder.mutate(sharer, "shareProject", { projectId, email: viewer.email, role: "VIEWER" });
  }
  await seeder.place(ids, fractions);
  return seeder.newestFirst(ids);
}

/**
 * 10 projects shared with a group of 20 people, and 10 with a group that
 * holds the first group's members (one nested level), placed among the rows.
 */
async function groupWorld(seeder: Seeder, sharer: BenchUser, member: BenchUser) {
  const team = await seeder.mutate(sharer, "createGroup", { name: "Team" });
  await seeder.mutate(sharer, "addGroupMember", { groupId: team, email: member.email });
  for (let index = 1; index < 20; index++) {
    const colleague = await seeder.addressable(`Colleague ${index}`);
    await seeder.mutate(sharer, "addGroupMember", { groupId: team, email: colleague.email });
  }
  const org = await seeder.mutate(sharer, "createGroup", { name: "Org" });
  await seeder.mutate(sharer, "addGroupMember", { groupId: org, memberGroupId: team });
  const ids: string[] = [];
  for (const [groupId, label] of [
    [team, "Team"],
    [org, "Org"],
  ]) {
    for (const projectId of await seeder.createProjects(sharer, 10, label)) {
      await seeder.mutate(sharer, "shareProject", { projectId, groupId, role: "VIEWER" });
      ids.push(projectId);
    }
  }
  // A quarter of a share off the evenly spread placements, so these sit between those.
  await seeder.place(
    ids,
    spread(20).map((fraction) => fraction + 0.25 / 20),
  );
  return seeder.newestFirst(ids);
}
