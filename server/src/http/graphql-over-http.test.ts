import { serverAudits } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../testing/api-harness.ts";

/** The GraphQL over HTTP spec's own audit suite (graphql-http), against the API as it runs. */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

describe("GraphQL over HTTP", () => {
  it("passes every MUST of graphql-http's server audits", async () => {
    const audits = serverAudits({
      url: "http://api.test/graphql",
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) =>
        api.app.fetch(new Request(input, init)),
    });
    const failed: string[] = [];
    for (const audit of audits.filter((candidate) => candidate.name.startsWith("MUST"))) {
      const result = await audit.fn();
      if (result.status !== "ok") failed.push(`${audit.id} ${audit.name}: ${result.reason}`);
    }
    expect(failed).toEqual([]);
    expect(audits.filter((audit) => audit.name.startsWith("MUST")).length).toBeGreaterThan(10);
  });
});
