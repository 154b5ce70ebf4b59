import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../testing/api-harness.ts";
import { create } from "../testing/domain-client.ts";
import { capturedLog } from "../testing/request-log.ts";

/**
 * The API on Ory Network's terms: one project URL (ORY_SDK_URL) for Kratos and
 * Keto, whose admin and permission APIs refuse calls without the API key.
 */
const key = "ory_pat_test-key-that-must-never-leak-0123456789";
const wrongKey = "ory_pat_a-revoked-key-9876543210";
const LIST =
  "{ viewer { email } projects(first: 5) { edges { node { name viewerCan { edit } } } } }";

describe("ORY_SDK_URL and ORY_API_KEY", () => {
  let api: TestApi;
  const requestLog = capturedLog();
  beforeAll(async () => {
    api = await startTestApi({
      oryNetwork: { requiredKey: key, sentKey: key },
      log: requestLog.log,
      env: { LOG_LEVEL: "debug" },
    });
  });
  afterAll(() => api?.close());

  it("talks to one project URL, with the key on admin and Keto calls only", async () => {
    const user = await api.signUp("Network User");
    api.emulator.counters.reset();
    await create(api, "createProject", { name: "On the network" }, { token: user.token });
    const response = await api.graphql(LIST, {}, { token: user.token });
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      viewer: { email: user.email },
      projects: { edges: [{ node: { name: "On the network", viewerCan: { edit: true } } }] },
    });
    const { counters } = api.emulator;
    expect(counters.get("kratos", "GET /sessions/whoami")).toBeGreaterThan(0);
    expect(counters.authorizedOn("kratos", "public")).toBe(0);
    expect(counters.authorizedOn("keto", "read")).toBeGreaterThan(0);
    expect(counters.authorizedOn("keto", "write")).toBeGreaterThan(0);
  });

  it("never writes the key into a log line or a response", async () => {
    const user = await api.signUp("Careful");
    const response = await api.app.fetch("http://api.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", "x-session-token": user.token },
      body: JSON.stringify({ query: LIST }),
    });
    const text = `${JSON.stringify([...response.headers])}${await response.text()}`;
    expect(text).not.toContain(key);
    expect(JSON.stringify(requestLog.lines)).not.toContain(key);
    expect(requestLog.lines.length).toBeGreaterThan(0);
  });
});

describe("a wrong ORY_API_KEY", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ oryNetwork: { requiredKey: key, sentKey: wrongKey } });
  });
  afterAll(() => api?.close());

  it("fails closed: Keto's refusal denies with AUTHZ_UNAVAILABLE, and nothing is shown", async () => {
    const user = await api.signUp("Locked out");
    const response = await api.graphql(LIST, {}, { token: user.token });
    expect(response.data?.projects ?? null).toBeNull();
    expect(response.errors?.map((error) => error.extensions?.code)).toContain("AUTHZ_UNAVAILABLE");
  });
});
