import { type ModeName, scanBounded } from "./modes.ts";
import type { ScenarioGroup } from "./options.ts";
import type { BenchUser } from "./ory.ts";

/** One query, asked by one viewer, with the page every answer must hold. */
export interface Scenario {
  /** The row group, as `--scenarios` names it. */
  group: ScenarioGroup;
  name: string;
  viewer: BenchUser;
  query: string;
  variables: Record<string, unknown>;
  /** The projects of the page, newest first (global ids), and whether more follow. */
  expected: { ids: string[]; hasNextPage: boolean; documentsPerProject?: number };
  /** Modes measured unless `--modes` says otherwise. */
  modes: ModeName[];
  /** Measured over HTTP too (with `--http` absent); every row is measured in-process. */
  http: boolean;
}

export const projectsWithPermits = `query Bench($first: Int!) {
  projects(first: $first) {
    edges { node { id name viewerCan { view edit manage } } }
    pageInfo { hasNextPage }
  }
}`;

/** Literal page sizes: the query cost limit assumes the largest page for a variable. */
export const nestedWithPermits = `query Nested {
  projects(first: 10) {
    edges { node { id name
      documents(first: 10) { edges { node { id title viewerCan { view edit delete } } } }
    } }
    pageInfo { hasNextPage }
  }
}`;

/** The request body and headers, built once per scenario. */
export function requestOf(scenario: Scenario): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json", "x-session-token": scenario.viewer.token },
    body: JSON.stringify({ query: scenario.query, variables: scenario.variables }),
  };
}

export interface PageSeen {
  edges: number;
  hasNextPage: boolean;
}

interface Answer {
  errors?: unknown[];
  data?: {
    projects?: {
      edges?: {
        node: {
          id: string;
          viewerCan?: { view: boolean };
          documents?: { edges: { node: { viewerCan: Record<string, boolean> } }[] };
        };
      }[];
      pageInfo?: { hasNextPage: boolean };
    };
  };
}

/**
 * Throws unless the answer is the expected page, error-free: numbers for
 * wrong answers mean nothing. A scan-bounded mode may stop short, and may not
 * know that nothing follows, but only with the expected rows so far and
 * `hasNextPage: true`.
 */
export function verify(
  scenario: Scenario,
  mode: ModeName,
  status: number,
  body: unknown,
): PageSeen {
  const answer = body as Answer;
  const projects = answer.data?.projects;
  const ids = projects?.edges?.map((edge) => edge.node.id) ?? [];
  const hasNextPage = projects?.pageInfo?.hasNextPage;
  const { expected } = scenario;
  const fail = (why: string) => {
    throw new Error(
      `${scenario.name} (${mode}): ${why}; HTTP ${status} ${JSON.stringify(body).slice(0, 300)}`,
    );
  };
  if (status !== 200 || answer.errors || !projects || hasNextPage === undefined) fail("no page");
  const bounded = scanBounded(mode);
  const wanted = bounded ? expected.ids.slice(0, ids.length) : expected.ids;
  if (ids.join() !== wanted.join()) fail(`expected ${wanted.length} projects, got ${ids.length}`);
  const unsure = bounded && hasNextPage === true;
  if (hasNextPage !== expected.hasNextPage && !unsure) fail(`hasNextPage is ${hasNextPage}`);
  if (ids.length < expected.ids.length && !unsure) fail("a short page that says it is the last");
  for (const edge of projects?.edges ?? []) {
    if (edge.node.viewerCan && !edge.node.viewerCan.view) fail("a row the viewer cannot view");
    const documents = edge.node.documents?.edges;
    if (expected.documentsPerProject === undefined) continue;
    if (documents?.length !== expected.documentsPerProject) fail("a short documents page");
    if (!documents?.every((doc) => Object.values(doc.node.viewerCan).every(Boolean))) {
      fail("a document permit the owner lacks");
    }
  }
  return { edges: ids.length, hasNextPage: hasNextPage as boolean };
}

/** Row labels; the goal summary finds its rows by them. */
export const scenarioNames = {
  own100: "own 100: projects(first: 100) + viewerCan",
  own10: "own 100: projects(first: 10) + viewerCan",
  own1: "own 100: projects(first: 1) + viewerCan",
  nested: "nested: projects(first: 10) { documents(first: 10) + viewerCan }, 10 × 10",
  sparse1k: "100 visible of 1,000: projects(first: 100) + viewerCan",
  few: "5 visible of 2,000: projects(first: 10) + viewerCan",
  sparse10k: "100 visible of 10,000: projects(first: 100) + viewerCan",
  groups: "groups: 20 visible through a 20-member group (10) and a nested group (10), of 10,020",
} as const;
