import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi, type TestUser } from "../src/testing/api-harness.ts";
import { decodeGlobalId } from "./graphql-client.ts";
import {
  ADD_GROUP_MEMBER,
  CREATE_DOCUMENT,
  CREATE_GROUP,
  CREATE_PROJECT,
  SHARE_PROJECT,
} from "./operations.ts";
import { listKetoTuples, readDatabaseState, reconcile } from "./reconcile.ts";
import { collectApiView, judgeView, ketoCheck, type ObjectRef } from "./visibility.ts";

/**
 * The soak's end-of-run checks against a known state on the harness: they find nothing in a
 * consistent world, and they find a tuple write that Keto lost and an answer Keto disagrees with.
 */
let api: TestApi;
let alice: TestUser;
let bob: TestUser;
let projectId: string;
let documentId: string;
let groupId: string;

async function as(user: TestUser, query: string, variables: Record<string, unknown> = {}) {
  const answer = await api.graphql(query, variables, { token: user.token });
  if (answer.errors?.length) throw new Error(JSON.stringify(answer.errors));
  return answer.data as Record<string, Record<string, { id: string }>>;
}
const uuidOf = (globalId: string) => decodeGlobalId(globalId)?.id as string;

const bobViewer = () => ({
  namespace: "Project",
  object: projectId,
  relation: "viewers",
  subject_set: { namespace: "User", object: bob.id, relation: "" },
});

beforeAll(async () => {
  api = await startTestApi();
  [alice, bob] = [await api.signUp("Alice"), await api.signUp("Bob")];
  const project = (await as(alice, CREATE_PROJECT, { name: "Plans" })).createProject.project.id;
  await as(alice, SHARE_PROJECT, { projectId: project, email: bob.email, role: "VIEWER" });
  const document = (await as(alice, CREATE_DOCUMENT, { projectId: project, title: "Notes" }))
    .createDocument.document.id;
  const group = (await as(alice, CREATE_GROUP, { name: "Team" })).createGroup.group.id;
  await as(alice, ADD_GROUP_MEMBER, { groupId: group, email: bob.email });
  [projectId, documentId, groupId] = [uuidOf(project), uuidOf(document), uuidOf(group)];
});
afterAll(() => api?.close());

const reconciled = async () =>
  reconcile(
    await readDatabaseState(api.db.prisma),
    await listKetoTuples(api.emulator.urls.ketoRead),
  );

describe("reconcile", () => {
  it("finds the database and Keto in agreement after the API's own writes", async () => {
    const result = await reconciled();
    // Project: owner + viewer; Document: parent + owner; Group: owner + member.
    expect(result.expected).toBe(6);
    expect([result.missing, result.extra]).toEqual([[], []]);
  });

  it("counts a grant Keto lost and a tuple Keto kept for a row that is gone", async () => {
    await api.relationships.deleteRelationships({
      namespace: "Project",
      object: projectId,
      relation: "viewers",
      subjectSetNamespace: "User",
      subjectSetObject: bob.id,
      subjectSetRelation: "",
    });
    await api.relationships.createRelationship({
      createRelationshipBody: { ...bobViewer(), relation: "editors" },
    });
    try {
      const result = await reconciled();
      expect(result.missing).toEqual([`Project:${projectId}#viewers@User:${bob.id}#`]);
      expect(result.extra).toEqual([`Project:${projectId}#editors@User:${bob.id}#`]);
    } finally {
      await api.relationships.deleteRelationships({
        namespace: "Project",
        object: projectId,
        relation: "editors",
      });
      await api.relationships.createRelationship({ createRelationshipBody: bobViewer() });
    }
  });
});

describe("visibility against Keto's checks", () => {
  const candidates = (): ObjectRef[] => [
    { type: "Project", id: projectId },
    { type: "Document", id: documentId, projectId },
    { type: "Group", id: groupId },
  ];
  const send = (query: string, variables?: Record<string, unknown>) =>
    as(bob, query, variables) as Promise<Record<string, unknown>>;
  const judge = async (view: Awaited<ReturnType<typeof collectApiView>>) =>
    judgeView(view, bob.id, candidates(), ketoCheck(api.emulator.urls.ketoRead));

  it("agrees with Keto when the API answers from the same state", async () => {
    const view = await collectApiView(send, candidates());
    expect(view.listed.size).toBe(3);
    expect(await judge(view)).toEqual({ shownButDenied: [], allowedButMissing: [] });
  });

  it("reports what the API showed but Keto now denies, and what Keto allows but was left out", async () => {
    const shownEarlier = await collectApiView(send, candidates());
    await api.relationships.deleteRelationships({
      namespace: "Project",
      object: projectId,
      relation: "viewers",
    });
    const hiddenNow = await collectApiView(send, candidates());
    await api.relationships.createRelationship({ createRelationshipBody: bobViewer() });

    // Keto allows again: the answers collected while the tuple was gone miss the project.
    const missing = await judge(hiddenNow);
    expect(missing.shownButDenied).toEqual([]);
    expect(missing.allowedButMissing).toEqual(
      expect.arrayContaining([`lookup Project:${projectId}`, `list Project:${projectId}`]),
    );

    await api.relationships.deleteRelationships({
      namespace: "Project",
      object: projectId,
      relation: "viewers",
    });
    try {
      // Keto denies now: the answers collected while it allowed are leaks.
      const leaks = await judge(shownEarlier);
      expect(leaks.allowedButMissing).toEqual([]);
      expect(leaks.shownButDenied).toEqual(
        expect.arrayContaining([
          `lookup Project:${projectId}`,
          `list Project:${projectId}`,
          `viewerCan Project:${projectId}#view`,
          `list Document:${documentId}`,
        ]),
      );
    } finally {
      await api.relationships.createRelationship({ createRelationshipBody: bobViewer() });
    }
  });
});
