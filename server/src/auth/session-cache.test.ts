import { describe, expect, it } from "vitest";
import { startTestApi } from "../testing/api-harness.ts";
import type { Credential, Session } from "./session.ts";
import { cachedSessionLookup } from "./session-cache.ts";

describe("the optional session cache", () => {
  it("through the API: one Kratos call for repeated requests with the same token", async () => {
    const api = await startTestApi({ env: { SESSION_CACHE_TTL_MS: "60000" } });
    try {
      const [alice, bob] = [await api.signUp("Alice"), await api.signUp("Bob")];
      api.emulator.counters.reset();
      for (let i = 0; i < 3; i++)
        await api.graphql("{ viewer { id } }", {}, { token: alice.token });
      const response = await api.graphql("{ viewer { id } }", {}, { bearer: bob.token });
      expect(response.data).toEqual({ viewer: { id: bob.id } });
      expect(api.emulator.counters.get("kratos", "GET /sessions/whoami")).toBe(2);
    } finally {
      await api.close();
    }
  });

  const session = (expiresAt: number) =>
    ({ id: "s", active: true, expires_at: new Date(expiresAt).toISOString() }) as Session;

  function counting(answer: Session | null) {
    const calls: Credential[] = [];
    const lookup = async (credential: Credential) => {
      calls.push(credential);
      return answer;
    };
    return { calls, lookup };
  }

  it("never keeps an entry past the session's own expiry", async () => {
    let now = 1_000_000;
    const { calls, lookup } = counting(session(now + 5_000));
    const cached = cachedSessionLookup(lookup, { ttlMs: 60_000, maxEntries: 10, now: () => now });
    await cached({ sessionToken: "t" });
    now += 4_000;
    await cached({ sessionToken: "t" });
    expect(calls).toHaveLength(1);
    now += 2_000;
    await cached({ sessionToken: "t" });
    expect(calls).toHaveLength(2);
  });

  it("does not cache anonymous answers, and stays within maxEntries", async () => {
    const anonymous = counting(null);
    const cachedAnonymous = cachedSessionLookup(anonymous.lookup, {
      ttlMs: 60_000,
      maxEntries: 10,
    });
    await cachedAnonymous({ sessionToken: "unknown" });
    await cachedAnonymous({ sessionToken: "unknown" });
    expect(anonymous.calls).toHaveLength(2);

    const known = counting(session(Date.now() + 3_600_000));
    const cached = cachedSessionLookup(known.lookup, { ttlMs: 60_000, maxEntries: 2 });
    for (const token of ["a", "b", "c", "a"]) await cached({ sessionToken: token });
    // "a" was evicted when "c" arrived, so it is looked up again.
    expect(known.calls.map((call) => call.sessionToken)).toEqual(["a", "b", "c", "a"]);
  });
});
