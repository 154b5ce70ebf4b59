import { PermissionApi, type Relationship } from "@ory/client-fetch";
import { oryConfiguration } from "../src/auth/ory.ts";
import { decodeGlobalId, encodeGlobalId } from "./graphql-client.ts";

export type ObjectType = "Project" | "Document" | "Group";

/** The permits each type's `viewerCan` shows; the first is the one that decides visibility. */
export const permitsOf: Record<ObjectType, string[]> = {
  Project: ["view", "edit", "manage"],
  Document: ["view", "edit", "delete"],
  Group: ["view", "manage"],
};

export interface ObjectRef {
  type: ObjectType;
  id: string;
  /** A document's project: its list is where the document must appear. */
  projectId?: string;
}

const refKey = (ref: ObjectRef) => `${ref.type}:${ref.id}`;

/** Sends one GraphQL operation as the user and returns its `data` (throws on errors). */
export type SendAs = (
  query: string,
  variables?: Record<string, unknown>,
) => Promise<Record<string, unknown>>;

/** What the API showed one user: its lists (with `viewerCan`) and its lookups by id. */
export interface ApiView {
  /** `Type:uuid` → viewerCan, for everything the lists returned. */
  listed: Map<string, Record<string, boolean>>;
  /** Projects the list returned: their documents were listed too. */
  listedProjects: Set<string>;
  /** `Type:uuid` → whether `nodes(ids:)` returned it. */
  lookedUp: Map<string, boolean>;
}

interface Connection<T> {
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
interface Listed {
  id: string;
  viewerCan: Record<string, boolean>;
}

const PROJECTS_PAGE = `query ($after: String) {
  projects(first: 50, after: $after) {
    edges { node { id viewerCan { view edit manage } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const DOCUMENTS_PAGE = `query ($id: ID!, $after: String) {
  project(id: $id) {
    documents(first: 50, after: $after) {
      edges { node { id viewerCan { view edit delete } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;
const GROUPS_PAGE = `query ($after: String) {
  groups(first: 50, after: $after) {
    edges { node { id viewerCan { view manage } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const LOOKUP = `query ($ids: [ID!]!) {
  nodes(ids: $ids) { __typename id }
}`;

async function everyPage(
  fetchPage: (after: string | null) => Promise<Connection<Listed> | undefined>,
): Promise<Listed[]> {
  const nodes: Listed[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await fetchPage(after);
    if (!page) return nodes;
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

/** Reads everything the API lists for the user, and looks every candidate up by id. */
export async function collectApiView(send: SendAs, candidates: ObjectRef[]): Promise<ApiView> {
  const listed = new Map<string, Record<string, boolean>>();
  const listedProjects = new Set<string>();
  const remember = (node: Listed) => {
    const ref = decodeGlobalId(node.id);
    if (ref) listed.set(`${ref.type}:${ref.id}`, node.viewerCan);
    return ref;
  };

  const projects = await everyPage(
    async (after) => (await send(PROJECTS_PAGE, { after })).projects as Connection<Listed>,
  );
  for (const project of projects) {
    const ref = remember(project);
    if (!ref) continue;
    listedProjects.add(ref.id);
    const documents = await everyPage(
      async (after) =>
        (
          (await send(DOCUMENTS_PAGE, { id: project.id, after })).project as {
            documents: Connection<Listed>;
          } | null
        )?.documents,
    );
    for (const document of documents) remember(document);
  }
  const groups = await everyPage(
    async (after) => (await send(GROUPS_PAGE, { after })).groups as Connection<Listed>,
  );
  for (const group of groups) remember(group);

  const lookedUp = new Map<string, boolean>();
  for (let start = 0; start < candidates.length; start += 20) {
    const chunk = candidates.slice(start, start + 20);
    const { nodes } = (await send(LOOKUP, {
      ids: chunk.map((ref) => encodeGlobalId(ref.type, ref.id)),
    })) as { nodes: ({ id: string } | null)[] };
    for (const [index, ref] of chunk.entries()) lookedUp.set(refKey(ref), nodes[index] !== null);
  }
  return { listed, listedProjects, lookedUp };
}

/** Keto's own answer for each tuple, through its batch check endpoint. */
export type KetoCheck = (tuples: Relationship[]) => Promise<boolean[]>;

export function ketoCheck(ketoReadUrl: string): KetoCheck {
  const api = new PermissionApi(oryConfiguration(ketoReadUrl, 30_000));
  return async (tuples) => {
    const answers: boolean[] = [];
    for (let start = 0; start < tuples.length; start += 10) {
      const { results } = await api.batchCheckPermission({
        batchCheckPermissionBody: { tuples: tuples.slice(start, start + 10) },
      });
      for (const result of results) {
        if (result.error) throw new Error(`Keto check failed: ${result.error}`);
        answers.push(result.allowed);
      }
    }
    return answers;
  };
}

export interface Discrepancies {
  /** Shown by a list or a lookup, or a permit shown as true, while Keto denies it: leaks. */
  shownButDenied: string[];
  /** Keto allows it, yet the list or lookup left it out, or showed the permit as false. */
  allowedButMissing: string[];
}

/**
 * Compares what the API showed a user with Keto's checks, asked now for every candidate and
 * permit. A listed document is judged only with its project listed: lists reach documents
 * through their projects; every candidate is judged by its lookup.
 */
export async function judgeView(
  view: ApiView,
  userId: string,
  candidates: ObjectRef[],
  check: KetoCheck,
): Promise<Discrepancies> {
  const questions = candidates.flatMap((ref) =>
    permitsOf[ref.type].map((permit) => ({ ref, permit })),
  );
  const answers = await check(
    questions.map(({ ref, permit }) => ({
      namespace: ref.type,
      object: ref.id,
      relation: permit,
      subject_set: { namespace: "User", object: userId, relation: "" },
    })),
  );
  const allowed = new Map(
    questions.map(({ ref, permit }, index) => [`${refKey(ref)}#${permit}`, answers[index]]),
  );
  const result: Discrepancies = { shownButDenied: [], allowedButMissing: [] };
  const compare = (what: string, shown: boolean, keto: boolean) => {
    if (shown && !keto) result.shownButDenied.push(what);
    if (!shown && keto) result.allowedButMissing.push(what);
  };

  for (const ref of candidates) {
    const key = refKey(ref);
    const canView = allowed.get(`${key}#view`) ?? false;
    compare(`lookup ${key}`, view.lookedUp.get(key) ?? false, canView);
    const permits = view.listed.get(key);
    // A document is listed under its project, so it can only be missing from a listed project.
    const listable = ref.type !== "Document" || view.listedProjects.has(ref.projectId ?? "");
    if (listable || permits) compare(`list ${key}`, permits !== undefined, canView);
    if (!permits) continue;
    for (const permit of permitsOf[ref.type]) {
      compare(
        `viewerCan ${key}#${permit}`,
        permits[permit] === true,
        allowed.get(`${key}#${permit}`) ?? false,
      );
    }
  }
  return result;
}
