import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { FrontendApi } from "@ory/client-fetch";
import { oryConfiguration } from "../src/auth/ory.ts";
import { type Answer, graphql } from "./graphql-client.ts";
import * as op from "./operations.ts";
import type { Recorder } from "./recorder.ts";

export interface SoakUser {
  /** Kratos identity id: the `User:<id>` subject in Keto. */
  id: string;
  email: string;
  token: string;
}

/** Signs a user up through Kratos's native registration flow, as a mobile app or CLI does. */
export async function signUp(kratosPublicUrl: string, index: number): Promise<SoakUser> {
  const frontend = new FrontendApi(oryConfiguration(kratosPublicUrl, 30_000));
  const email = `soak-${index}-${randomUUID().slice(0, 8)}@example.test`;
  const flow = await frontend.createNativeRegistrationFlow();
  const registered = await frontend.updateRegistrationFlow({
    flow: flow.id,
    updateRegistrationFlowBody: {
      method: "password",
      password: `pw-${randomUUID()}`,
      traits: { email, name: `Soak user ${index}` },
    },
  });
  if (!registered.session_token) throw new Error("Kratos registration gave no session token");
  return { id: registered.identity.id, email, token: registered.session_token };
}

/** What all clients know: who exists, and the projects anyone created (for lookups). */
export interface World {
  users: SoakUser[];
  projectIds: string[];
}

const pick = <T>(items: T[]): T | undefined => items[Math.floor(Math.random() * items.length)];
const roles = ["VIEWER", "EDITOR", "OWNER"] as const;

/**
 * One user's closed loop: a weighted mix of reads and writes on the objects it owns, and
 * lookups of anyone's projects, until `stop` says so. A well-behaved client: it waits
 * `Retry-After` when told the server is overloaded and backs off briefly when unreachable.
 */
export class SoakClient {
  private readonly projects: string[] = [];
  private readonly documents: { id: string; projectId: string }[] = [];
  private readonly groups: string[] = [];

  constructor(
    readonly user: SoakUser,
    private readonly world: World,
    private readonly recorder: Recorder,
    private readonly apiUrl: () => string,
  ) {}

  async run(stopped: () => boolean): Promise<void> {
    while (!stopped()) {
      const [operation, action] = this.nextAction();
      const started = this.recorder.now();
      const answer = await action();
      this.recorder.record(operation, answer.outcome, started, answer.detail);
      if (answer.outcome === "OVERLOADED") await sleep(1000 * (answer.retryAfterSeconds ?? 1));
      else if (answer.outcome === "UNREACHABLE") await sleep(200);
    }
  }

  private send<T = Record<string, unknown>>(query: string, variables: Record<string, unknown>) {
    return graphql<T>(this.apiUrl(), this.user.token, query, variables);
  }

  /** Picks by weight among the actions that make sense with what this user owns now. */
  private nextAction(): [string, () => Promise<Answer>] {
    const project = pick(this.projects);
    const document = pick(this.documents);
    const group = pick(this.groups);
    const other = pick(this.world.users.filter((user) => user !== this.user));
    const choices: [number, string, (() => Promise<Answer>) | undefined][] = [
      [20, "listProjects", () => this.send(op.LIST_PROJECTS, {})],
      [
        14,
        "lookupProject",
        this.world.projectIds.length > 0
          ? () => this.send(op.LOOKUP_PROJECT, { id: pick(this.world.projectIds) })
          : undefined,
      ],
      [5, "listGroups", () => this.send(op.LIST_GROUPS, {})],
      [this.projects.length < 6 ? 9 : 1, "createProject", () => this.createProject()],
      [
        5,
        "updateProject",
        project
          ? () => this.send(op.UPDATE_PROJECT, { id: project, description: randomUUID() })
          : undefined,
      ],
      [
        10,
        "shareProject",
        project && other
          ? () =>
              this.send(op.SHARE_PROJECT, {
                projectId: project,
                role: pick([...roles]),
                ...(group && Math.random() < 0.3 ? { groupId: group } : { email: other.email }),
              })
          : undefined,
      ],
      [
        6,
        "unshareProject",
        project && other
          ? () =>
              this.send(op.UNSHARE_PROJECT, {
                projectId: project,
                ...(group && Math.random() < 0.3 ? { groupId: group } : { email: other.email }),
              })
          : undefined,
      ],
      [8, "createDocument", project ? () => this.createDocument(project) : undefined],
      [
        4,
        "updateDocument",
        document
          ? () => this.send(op.UPDATE_DOCUMENT, { id: document.id, body: randomUUID() })
          : undefined,
      ],
      [3, "deleteDocument", document ? () => this.deleteDocument(document.id) : undefined],
      [this.groups.length < 3 ? 4 : 0, "createGroup", () => this.createGroup()],
      [
        6,
        "addGroupMember",
        group && other
          ? () => this.send(op.ADD_GROUP_MEMBER, { groupId: group, email: other.email })
          : undefined,
      ],
      [
        3,
        "removeGroupMember",
        group && other
          ? () => this.send(op.REMOVE_GROUP_MEMBER, { groupId: group, email: other.email })
          : undefined,
      ],
      [
        this.projects.length > 2 ? 2 : 0,
        "deleteProject",
        project ? () => this.deleteProject(project) : undefined,
      ],
    ];
    const available = choices.filter(([weight, , action]) => weight > 0 && action);
    let roll = Math.random() * available.reduce((sum, [weight]) => sum + weight, 0);
    for (const [weight, name, action] of available) {
      roll -= weight;
      if (roll <= 0) return [name, action as () => Promise<Answer>];
    }
    const [, name, action] = available[available.length - 1];
    return [name, action as () => Promise<Answer>];
  }

  private async createProject() {
    const answer = await this.send<{ createProject: { project?: { id: string } } }>(
      op.CREATE_PROJECT,
      { name: `soak ${randomUUID().slice(0, 8)}` },
    );
    const id = answer.data?.createProject?.project?.id;
    if (id) {
      this.projects.push(id);
      this.world.projectIds.push(id);
    }
    return answer;
  }

  private async deleteProject(id: string) {
    const answer = await this.send(op.DELETE_PROJECT, { id });
    if (answer.outcome === "OK" || answer.outcome === "NotFoundError") {
      this.projects.splice(this.projects.indexOf(id), 1);
      for (const document of this.documents.filter((d) => d.projectId === id)) {
        this.documents.splice(this.documents.indexOf(document), 1);
      }
    }
    return answer;
  }

  private async createDocument(projectId: string) {
    const answer = await this.send<{ createDocument: { document?: { id: string } } }>(
      op.CREATE_DOCUMENT,
      { projectId, title: `doc ${randomUUID().slice(0, 8)}` },
    );
    const id = answer.data?.createDocument?.document?.id;
    if (id) this.documents.push({ id, projectId });
    return answer;
  }

  private async deleteDocument(id: string) {
    const answer = await this.send(op.DELETE_DOCUMENT, { id });
    if (answer.outcome === "OK" || answer.outcome === "NotFoundError") {
      this.documents.splice(
        this.documents.findIndex((document) => document.id === id),
        1,
      );
    }
    return answer;
  }

  private async createGroup() {
    const answer = await this.send<{ createGroup: { group?: { id: string } } }>(op.CREATE_GROUP, {
      name: `group ${randomUUID().slice(0, 8)}`,
    });
    const id = answer.data?.createGroup?.group?.id;
    if (id) this.groups.push(id);
    return answer;
  }
}
