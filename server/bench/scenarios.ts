import type { TestUser } from "../src/testing/api-harness.ts";

/** One query shape, asked by one viewer, expecting a known number of projects back. */
export interface Scenario {
  name: string;
  viewer: TestUser;
  first: number;
  withViewerCan: boolean;
  /** Edges every response must hold; a response that differs stops the bench. */
  expectedEdges: number;
}

const fields = (withViewerCan: boolean) =>
  withViewerCan ? "id name viewerCan { view edit manage }" : "id name";

export function queryOf(scenario: Scenario): string {
  return `query Bench($first: Int) { projects(first: $first) { edges { node { ${fields(
    scenario.withViewerCan,
  )} } } } }`;
}

/** The request body and headers, built once per scenario. */
export function requestOf(scenario: Scenario): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json", "x-session-token": scenario.viewer.token },
    body: JSON.stringify({ query: queryOf(scenario), variables: { first: scenario.first } }),
  };
}

/** Throws unless the response is a full, error-free page: numbers for failed requests mean nothing. */
export function verify(scenario: Scenario, status: number, body: unknown): void {
  const result = body as {
    errors?: unknown[];
    data?: { projects?: { edges?: unknown[] } };
  };
  const edges = result.data?.projects?.edges?.length;
  if (status !== 200 || result.errors || edges !== scenario.expectedEdges) {
    throw new Error(
      `${scenario.name}: expected ${scenario.expectedEdges} edges, got HTTP ${status} ${JSON.stringify(body).slice(0, 300)}`,
    );
  }
}
