import type { OryUrls } from "@app/ory-emulator";
import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import type { PrismaClient } from "../src/db/client.ts";
import { newestFirst } from "../src/schema/cursor.ts";
import type { BenchApp } from "./modes.ts";
import { type BenchUser, createPerson } from "./ory.ts";

/** Each mutation's payload: the id it made or changed, and whether Keto holds its tuples yet. */
const payloads: Record<string, string> = {
  createProject: "... on ProjectPayload { permissionChanges project { id } }",
  shareProject: "... on ProjectPayload { permissionChanges project { id } }",
  createDocument: "... on DocumentPayload { permissionChanges document { id } }",
  createGroup: "... on GroupPayload { permissionChanges group { id } }",
  addGroupMember: "... on GroupPayload { permissionChanges group { id } }",
};

/**
 * Hidden rows live on a timeline of 10,000 seconds in 2025, older than the
 * rows made through the API during the run; visible rows are moved onto it
 * among them, so a newest-first scan meets them spread through the table.
 */
const timelineStart = Date.UTC(2025, 0, 1);
const timelineMs = 10_000_000;
const onTimeline = (fraction: number) => new Date(timelineStart + fraction * timelineMs);

/**
 * Builds the bench's world. What a viewer sees goes through the API's own
 * mutations, so its rows, grant mirror rows and Keto tuples (delivered by the
 * outbox) are exactly what users would have made; rows nobody here may see
 * need no tuples and go straight into the database.
 */
export class Seeder {
  constructor(
    private readonly app: BenchApp,
    private readonly prisma: PrismaClient,
    private readonly ory: OryUrls,
  ) {}

  /** Someone with a session, known to the API (their first request mirrors them). */
  async signedIn(name: string): Promise<BenchUser> {
    const person = await createPerson(this.ory, name, true);
    await this.graphql(person, "{ viewer { id } }", {});
    return person;
  }

  /** Someone others can add by email, who never signs in. */
  addressable(name: string): Promise<BenchUser> {
    return createPerson(this.ory, name, false);
  }

  private async graphql(user: BenchUser, query: string, variables: Record<string, unknown>) {
    const response = await this.app.fetch("http://bench.local/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", "x-session-token": user.token },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
    if (response.status !== 200 || body.errors || !body.data) {
      throw new Error(`seeding failed: HTTP ${response.status} ${JSON.stringify(body)}`);
    }
    return body.data;
  }

  /** Runs one mutation; returns the global id of what it made or changed. */
  async mutate(user: BenchUser, name: string, input: Record<string, unknown>): Promise<string> {
    const inputType = `${name[0].toUpperCase()}${name.slice(1)}Input`;
    const data = await this.graphql(
      user,
      `mutation Seed($input: ${inputType}!) { ${name}(input: $input) { __typename ${payloads[name]} } }`,
      { input },
    );
    const result = data[name] as Record<string, unknown>;
    const made = (result.project ?? result.document ?? result.group) as { id: string } | undefined;
    // Lists read Keto: a tuple still queued would leave the world other than described.
    if (!made || result.permissionChanges !== "APPLIED") {
      throw new Error(`seeding ${name} failed: ${JSON.stringify(result)}`);
    }
    return made.id;
  }

  async createProjects(owner: BenchUser, count: number, label: string): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < count; index++) {
      ids.push(await this.mutate(owner, "createProject", { name: `${label} ${index + 1}` }));
    }
    return ids;
  }

  /** Moves projects onto the timeline, at these fractions of it. */
  async place(projectIds: string[], fractions: number[]): Promise<void> {
    for (const [index, projectId] of projectIds.entries()) {
      await this.prisma.project.update({
        where: { id: decodeGlobalID(projectId).id },
        data: { createdAt: onTimeline(fractions[index]) },
      });
    }
  }

  /**
   * Adds projects of `owner`'s that nobody else may see until the table holds
   * `total`, spread evenly over the timeline. Returns how many were added.
   */
  async fillTo(total: number, owner: BenchUser): Promise<number> {
    const count = total - (await this.prisma.project.count());
    if (count < 0) throw new Error(`the table already holds more than ${total} projects`);
    const rows = Array.from({ length: count }, (_, index) => ({
      name: `Hidden ${index + 1}`,
      createdById: owner.id,
      createdAt: onTimeline((index + 0.5) / count),
    }));
    for (let start = 0; start < rows.length; start += 1_000) {
      await this.prisma.project.createMany({ data: rows.slice(start, start + 1_000) });
    }
    return count;
  }

  /** Throws unless the table holds exactly this many projects, as the rows' names say. */
  async expectProjects(total: number): Promise<void> {
    const held = await this.prisma.project.count();
    if (held !== total) throw new Error(`expected ${total} projects in the table, found ${held}`);
  }

  /** The projects in list order, newest first (as global ids). */
  async newestFirst(projectIds: string[]): Promise<string[]> {
    const rows = await this.prisma.project.findMany({
      where: { id: { in: projectIds.map((id) => decodeGlobalID(id).id) } },
      orderBy: newestFirst,
      select: { id: true },
    });
    return rows.map((row) => encodeGlobalID("Project", row.id));
  }
}

/** `count` fractions of the timeline, evenly spaced, each in the middle of its share. */
export const spread = (count: number) =>
  Array.from({ length: count }, (_, index) => (index + 0.5) / count);
