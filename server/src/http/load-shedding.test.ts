import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi, type TestUser } from "../testing/api-harness.ts";

const HOMEPAGE = "{ homepage { title } }";
const BATCH_CHECK = "POST /relation-tuples/batch/check";

/**
 * Two slots, no queue: two requests held open inside a slowed Keto fill the API, so the next
 * GraphQL request must be refused at once, while health checks keep answering.
 */
let api: TestApi;
let reader: TestUser;

beforeAll(async () => {
  api = await startTestApi({
    env: {
      MAX_CONCURRENT_REQUESTS: "2",
      MAX_QUEUED_REQUESTS: "0",
      REQUEST_QUEUE_TIMEOUT_MS: "1500",
      // Held requests must outlast the test's own steps, not fail closed in the middle of them.
      ORY_TIMEOUT_MS: "60000",
    },
  });
  reader = await api.signUp();
  await api.grant({ namespace: "App", object: "homepage", relation: "readers" }, reader.id);
});
afterAll(() => api?.close());

const homepage = () => api.graphql(HOMEPAGE, {}, { token: reader.token });

async function untilKetoHasSeen(calls: number) {
  while (api.emulator.counters.get("keto", BATCH_CHECK) < calls) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe("load shedding", () => {
  it("refuses GraphQL with 503, Retry-After and OVERLOADED while saturated, then recovers", async () => {
    api.emulator.counters.reset();
    await api.emulator.faults.set("keto", { latencyMs: 3_000 });
    const held = [homepage(), homepage()];
    await untilKetoHasSeen(2);

    const refused = await api.app.fetch("http://api.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", "x-session-token": reader.token },
      body: JSON.stringify({ query: HOMEPAGE }),
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("2");
    const body = (await refused.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors.map((error) => error.extensions.code)).toEqual(["OVERLOADED"]);
    // Refused before any work: no further Keto call was made for it.
    expect(api.emulator.counters.get("keto", BATCH_CHECK)).toBe(2);

    const alive = await api.app.fetch("http://api.test/health/alive");
    expect(alive.status).toBe(200);

    await api.emulator.faults.clear();
    for (const answer of await Promise.all(held)) {
      expect(answer.status).toBe(200);
      expect(answer.data).toEqual({ homepage: { title: expect.any(String) } });
    }
    const after = await homepage();
    expect(after.status).toBe(200);
    expect(after.data).toEqual({ homepage: { title: expect.any(String) } });
  });
});
