import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../testing/api-harness.ts";

let api: TestApi;
const listed = "http://app.test";

beforeAll(async () => {
  api = await startTestApi({ env: { CORS_ORIGINS: `${listed},http://admin.test` } });
});
afterAll(() => api?.close());

function accessControl(response: Response): Record<string, string> {
  return Object.fromEntries(
    [...response.headers].filter(([name]) => name.startsWith("access-control-")),
  );
}

const preflight = (origin?: string) =>
  api.app.fetch("http://api.test/graphql", {
    method: "OPTIONS",
    headers: {
      ...(origin === undefined ? {} : { origin }),
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type",
    },
  });

const simple = (origin?: string) =>
  api.app.fetch("http://api.test/graphql", {
    method: "POST",
    headers: { ...(origin === undefined ? {} : { origin }), "content-type": "application/json" },
    body: JSON.stringify({ query: "{ __typename }" }),
  });

describe("CORS", () => {
  it.each([
    ["preflight", preflight],
    ["simple request", simple],
  ])("answers a listed origin with itself and credentials (%s)", async (_kind, send) => {
    const response = await send(listed);
    expect(accessControl(response)).toEqual({
      "access-control-allow-origin": listed,
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": "GET, POST",
      "access-control-allow-headers":
        "Content-Type, X-Session-Token, Authorization, X-Authz-Explain",
    });
    expect(response.headers.get("vary")).toMatch(/\bOrigin\b/);
  });

  it.each([
    ["preflight", "an unlisted origin", preflight, "http://evil.test"],
    ["preflight", "the null origin", preflight, "null"],
    ["preflight", "no origin", preflight, undefined],
    ["simple request", "an unlisted origin", simple, "http://evil.test"],
    ["simple request", "the null origin", simple, "null"],
    ["simple request", "no origin", simple, undefined],
  ])("adds no Access-Control-Allow-* header to a %s from %s", async (_kind, _who, send, origin) => {
    const response = await send(origin);
    expect(accessControl(response)).toEqual({});
    expect(response.headers.get("vary")).toMatch(/\bOrigin\b/);
  });

  it("still serves same-origin and non-browser callers without an Origin header", async () => {
    const response = await simple();
    expect(await response.json()).toEqual({ data: { __typename: "Query" } });
  });
});
