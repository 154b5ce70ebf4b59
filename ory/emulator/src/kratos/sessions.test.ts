import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { browserFetch, CookieJar, type RunningKratos, startKratos } from "./testing/harness.ts";
import { specProblems } from "./testing/openapi.ts";

// The session routes (public /sessions, admin /admin/sessions…) and admin identity updates,
// driven over HTTP; every response is also checked against the Kratos v26.2.0 spec.

let kratos: RunningKratos;
const PASSWORD = "correct horse battery staple";

beforeAll(async () => {
  kratos = await startKratos();
});
afterAll(() => kratos.close());

const publicUrl = (path: string) => `${kratos.publicUrl}${path.replace(/^\//, "")}`;
const adminUrl = (path: string) => `${kratos.adminUrl}${path.replace(/^\//, "")}`;
let counter = 0;
const uniqueEmail = () => `sessions-${++counter}-${Date.now()}@example.com`;

// biome-ignore lint/suspicious/noExplicitAny: bodies are checked by the spec, then read freely.
async function conforms(path: string, method: string, response: Response): Promise<any> {
  const text = await response.text();
  const body = text === "" ? undefined : JSON.parse(text);
  expect(specProblems(path, method, response.status, body)).toEqual([]);
  return body;
}

function call(url: string, init: { method?: string; json?: unknown; headers?: object } = {}) {
  return fetch(url, {
    method: init.method,
    headers: {
      Accept: "application/json",
      ...(init.json !== undefined ? { "Content-Type": "application/json" } : {}),
      ...init.headers,
    },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
}

async function register(email = uniqueEmail()) {
  const flow = await (await call(publicUrl("/self-service/registration/api"))).json();
  const response = await call(publicUrl(`/self-service/registration?flow=${flow.id}`), {
    method: "POST",
    json: { method: "password", password: PASSWORD, traits: { email, name: "Sam Session" } },
  });
  const body = await response.json();
  return { email, identityId: body.identity.id as string, token: body.session_token as string };
}

/** An API login from a device described by `headers`; returns its session token and id. */
async function apiLogin(email: string, headers: Record<string, string> = {}) {
  const flow = await (await call(publicUrl("/self-service/login/api"))).json();
  const response = await call(publicUrl(`/self-service/login?flow=${flow.id}`), {
    method: "POST",
    json: { method: "password", identifier: email, password: PASSWORD },
    headers,
  });
  expect(response.status).toBe(200);
  const body = await response.json();
  return { token: body.session_token as string, id: body.session.id as string };
}

const withToken = (token: string) => ({ "X-Session-Token": token });

describe("the caller's own sessions", () => {
  test("lists the other active sessions with devices, newest first, paginated", async () => {
    const { email, token: first } = await register();
    await apiLogin(email, { "User-Agent": "Phone/1.0", "X-Forwarded-For": "203.0.113.7" });
    await apiLogin(email, {
      "User-Agent": "Laptop/2.0",
      "True-Client-IP": "198.51.100.4",
      "Cf-Ipcity": "Berlin",
      "Cf-Ipcountry": "DE",
    });

    const response = await call(publicUrl("/sessions"), { headers: withToken(first) });
    const sessions = await conforms("/sessions", "get", response);
    expect(
      sessions.map((s: { devices: { user_agent: string }[] }) => s.devices[0].user_agent),
    ).toEqual(["Laptop/2.0", "Phone/1.0"]);
    expect(sessions[0].devices[0]).toMatchObject({
      ip_address: "198.51.100.4",
      location: "Berlin, DE",
    });
    expect(sessions[1].devices[0].ip_address).toBe("203.0.113.7");
    expect(sessions[0].authentication_methods).toEqual([
      { method: "password", aal: "aal1", completed_at: expect.any(String) },
    ]);
    expect(sessions[0].identity.traits.email).toBe(email);
    expect(response.headers.get("x-total-count")).toBe("2");
    // One page holds them all: Kratos links only `first`, sized to the total.
    expect(response.headers.get("link")).toBe(
      `</sessions?page=0&page_size=2&page_token=${Buffer.from('{"offset":"0","v":2}').toString("base64url")}&per_page=2>; rel="first"`,
    );

    const firstPage = await call(publicUrl("/sessions?page_size=1"), { headers: withToken(first) });
    const [newest] = await conforms("/sessions", "get", firstPage);
    expect(newest.id).toBe(sessions[0].id);
    const links = firstPage.headers.get("link") ?? "";
    expect(links).toContain('rel="next"');
    expect(links).toContain('rel="last"');
    const next = /<([^>]+)>; rel="next"/.exec(links)?.[1] ?? "";
    const secondPage = await call(publicUrl(next), { headers: withToken(first) });
    expect(
      (await conforms("/sessions", "get", secondPage)).map((s: { id: string }) => s.id),
    ).toEqual([sessions[1].id]);
  });

  test("revoking one other session, refusing the current one, then all others", async () => {
    const { email, token: current } = await register();
    const phone = await apiLogin(email);
    const laptop = await apiLogin(email);
    const whoami = await (
      await call(publicUrl("/sessions/whoami"), { headers: withToken(current) })
    ).json();

    const own = await call(publicUrl(`/sessions/${whoami.id}`), {
      method: "DELETE",
      headers: withToken(current),
    });
    expect(own.status).toBe(400);
    expect((await conforms("/sessions/{id}", "delete", own)).error.message).toBe(
      "cannot revoke current session",
    );

    const revoked = await call(publicUrl(`/sessions/${phone.id}`), {
      method: "DELETE",
      headers: withToken(current),
    });
    expect(revoked.status).toBe(204);
    await conforms("/sessions/{id}", "delete", revoked);
    expect(
      (await call(publicUrl("/sessions/whoami"), { headers: withToken(phone.token) })).status,
    ).toBe(401);
    expect(
      (await call(publicUrl("/sessions/whoami"), { headers: withToken(laptop.token) })).status,
    ).toBe(200);

    const all = await call(publicUrl("/sessions"), {
      method: "DELETE",
      headers: withToken(current),
    });
    expect(await conforms("/sessions", "delete", all)).toEqual({ count: 2 });
    expect(
      (await call(publicUrl("/sessions/whoami"), { headers: withToken(laptop.token) })).status,
    ).toBe(401);
    expect(
      (await call(publicUrl("/sessions/whoami"), { headers: withToken(current) })).status,
    ).toBe(200);
  });

  test("another identity's session is not touched", async () => {
    const alice = await register();
    const bob = await register();
    const bobSession = await (
      await call(publicUrl("/sessions/whoami"), { headers: withToken(bob.token) })
    ).json();
    const response = await call(publicUrl(`/sessions/${bobSession.id}`), {
      method: "DELETE",
      headers: withToken(alice.token),
    });
    expect(response.status).toBe(204);
    expect(
      (await call(publicUrl("/sessions/whoami"), { headers: withToken(bob.token) })).status,
    ).toBe(200);
  });

  test("without a session: 401; a malformed id: 400", async () => {
    const anonymous = await call(publicUrl("/sessions"));
    expect(anonymous.status).toBe(401);
    await conforms("/sessions", "get", anonymous);
    const { token } = await register();
    const malformed = await call(publicUrl("/sessions/not-a-uuid"), {
      method: "DELETE",
      headers: withToken(token),
    });
    expect(malformed.status).toBe(400);
    await conforms("/sessions/{id}", "delete", malformed);
  });

  test("a browser session records the browser's user agent", async () => {
    const jar = new CookieJar();
    const headers = { Accept: "application/json", "User-Agent": "TestBrowser/3.1" };
    const flow = await (
      await browserFetch(jar, publicUrl("/self-service/registration/browser"), { headers })
    ).json();
    const csrf = flow.ui.nodes.find(
      (n: { attributes: { name: string } }) => n.attributes.name === "csrf_token",
    ).attributes.value;
    await browserFetch(jar, publicUrl(`/self-service/registration?flow=${flow.id}`), {
      method: "POST",
      headers: { ...headers, "Content-Type": "application/json" },
      body: JSON.stringify({
        csrf_token: csrf,
        method: "password",
        password: PASSWORD,
        traits: { email: uniqueEmail(), name: "Bea Browser" },
      }),
    });
    const session = await (
      await browserFetch(jar, publicUrl("/sessions/whoami"), { headers })
    ).json();
    expect(session.devices).toEqual([
      {
        id: expect.any(String),
        ip_address: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
        user_agent: "TestBrowser/3.1",
        location: "",
      },
    ]);
  });
});

describe("admin sessions", () => {
  test("list with active filter, expansion and keyset pages", async () => {
    const { email, identityId } = await register();
    await apiLogin(email);
    const revoked = await apiLogin(email);
    await call(adminUrl(`/admin/sessions/${revoked.id}`), { method: "DELETE" });

    const active = await call(adminUrl("/admin/sessions?active=true&expand=identity"));
    const listed = await conforms("/admin/sessions", "get", active);
    const ids = listed.map((s: { id: string }) => s.id);
    expect(ids).not.toContain(revoked.id);
    const mine = listed.filter((s: { identity?: { id: string } }) => s.identity?.id === identityId);
    expect(mine).toHaveLength(2);
    expect(mine[0].devices).toBeUndefined();

    const inactive = await conforms(
      "/admin/sessions",
      "get",
      await call(adminUrl("/admin/sessions?active=false")),
    );
    expect(inactive.map((s: { id: string }) => s.id)).toContain(revoked.id);

    const page = await call(adminUrl("/admin/sessions?page_size=1"));
    const [first] = await conforms("/admin/sessions", "get", page);
    const next = /<([^>]+)>; rel="next"/.exec(page.headers.get("link") ?? "")?.[1] ?? "";
    expect(next).toMatch(/^\/admin\/sessions\?page_size=1&page_token=/);
    const [second] = await conforms("/admin/sessions", "get", await call(adminUrl(next)));
    expect(second.id).not.toBe(first.id);
  });

  test("bad parameters are 400s", async () => {
    for (const query of [
      "active=maybe",
      "expand=everything",
      "page_size=ten",
      "page_token=aWQ9eA",
    ]) {
      const response = await call(adminUrl(`/admin/sessions?${query}`));
      expect(response.status, query).toBe(400);
      await conforms("/admin/sessions", "get", response);
    }
    const malformed = await call(adminUrl("/admin/sessions/nope"));
    expect(malformed.status).toBe(400);
    await conforms("/admin/sessions/{id}", "get", malformed);
  });

  test("extend restarts the lifespan", async () => {
    const { email } = await register();
    const { id } = await apiLogin(email);
    const before = await (await call(adminUrl(`/admin/sessions/${id}`))).json();
    kratos.clock.advance(60 * 60_000);
    const response = await call(adminUrl(`/admin/sessions/${id}/extend`), { method: "PATCH" });
    expect(response.status).toBe(200);
    const extended = await conforms("/admin/sessions/{id}/extend", "patch", response);
    const gainedMs =
      new Date(extended.expires_at).getTime() - new Date(before.expires_at).getTime();
    // The clock moved by an hour (plus the milliseconds the test itself took).
    expect(gainedMs).toBeGreaterThanOrEqual(60 * 60_000);
    expect(gainedMs).toBeLessThan(61 * 60_000);
    expect(extended.identity.traits.email).toBe(email);
    const missing = await call(
      adminUrl("/admin/sessions/00000000-0000-4000-8000-000000000000/extend"),
      {
        method: "PATCH",
      },
    );
    expect(missing.status).toBe(404);
    await conforms("/admin/sessions/{id}/extend", "patch", missing);
  });

  test("an identity's sessions: listed with devices, deleted, then 404", async () => {
    const { email, identityId, token } = await register();
    await apiLogin(email);
    const list = await call(adminUrl(`/admin/identities/${identityId}/sessions`));
    const sessions = await conforms("/admin/identities/{id}/sessions", "get", list);
    expect(sessions).toHaveLength(2);
    expect(sessions[0].devices).toHaveLength(1);
    expect(list.headers.get("x-total-count")).toBe("2");

    const deleted = await call(adminUrl(`/admin/identities/${identityId}/sessions`), {
      method: "DELETE",
    });
    expect(deleted.status).toBe(204);
    expect((await call(publicUrl("/sessions/whoami"), { headers: withToken(token) })).status).toBe(
      401,
    );
    const again = await call(adminUrl(`/admin/identities/${identityId}/sessions`), {
      method: "DELETE",
    });
    expect(again.status).toBe(404);
    await conforms("/admin/identities/{id}/sessions", "delete", again);
  });
});

describe("admin identity updates", () => {
  test("PUT replaces traits and metadata and keeps the password", async () => {
    const { email, identityId } = await register();
    const newEmail = uniqueEmail();
    const response = await call(adminUrl(`/admin/identities/${identityId}`), {
      method: "PUT",
      json: {
        schema_id: "default",
        state: "active",
        traits: { email: newEmail, name: "Renamed" },
        metadata_admin: { note: "vip" },
      },
    });
    const updated = await conforms("/admin/identities/{id}", "put", response);
    expect(updated.traits).toEqual({ email: newEmail, name: "Renamed" });
    expect(updated.metadata_admin).toEqual({ note: "vip" });
    expect(updated.credentials.password.identifiers).toEqual([newEmail]);
    await apiLogin(newEmail);
    const flow = await (await call(publicUrl("/self-service/login/api"))).json();
    const old = await call(publicUrl(`/self-service/login?flow=${flow.id}`), {
      method: "POST",
      json: { method: "password", identifier: email, password: PASSWORD },
    });
    expect(old.status).toBe(400);
  });

  test("PUT with someone else's identifier is a 409; invalid traits a 400", async () => {
    const taken = await register();
    const { identityId } = await register();
    const conflict = await call(adminUrl(`/admin/identities/${identityId}`), {
      method: "PUT",
      json: { traits: { email: taken.email, name: "Copycat" } },
    });
    expect(conflict.status).toBe(409);
    await conforms("/admin/identities/{id}", "put", conflict);
    const invalid = await call(adminUrl(`/admin/identities/${identityId}`), {
      method: "PUT",
      json: { traits: { email: "not an email" } },
    });
    expect(invalid.status).toBe(400);
    await conforms("/admin/identities/{id}", "put", invalid);
  });

  test("PATCH applies add/replace/remove, with Kratos' restrictions", async () => {
    const { identityId } = await register();
    const path = adminUrl(`/admin/identities/${identityId}`);
    const response = await call(path, {
      method: "PATCH",
      json: [
        { op: "replace", path: "/traits/name", value: "Patched" },
        { op: "add", path: "/metadata_public/plan/tier", value: "gold" },
        { op: "replace", path: "/state", value: "inactive" },
        { op: "replace", path: "/verifiable_addresses/0/verified", value: true },
      ],
    });
    const patched = await conforms("/admin/identities/{id}", "patch", response);
    expect(patched.traits.name).toBe("Patched");
    expect(patched.metadata_public).toEqual({ plan: { tier: "gold" } });
    expect(patched.state).toBe("inactive");
    expect(patched.verifiable_addresses[0]).toMatchObject({ verified: true, status: "completed" });

    for (const operation of [
      { op: "replace", path: "/id", value: "00000000-0000-4000-8000-000000000000" },
      { op: "remove", path: "/credentials" },
      { op: "move", from: "/traits/name", path: "/traits/nickname" },
      { op: "replace", path: "/state", value: "sleeping" },
    ]) {
      const refused = await call(path, { method: "PATCH", json: [operation] });
      expect(refused.status, operation.path).toBe(400);
      await conforms("/admin/identities/{id}", "patch", refused);
    }
    const unchanged = await (await call(path)).json();
    expect(unchanged.traits.name).toBe("Patched");
    expect(unchanged.state).toBe("inactive");
  });
});
