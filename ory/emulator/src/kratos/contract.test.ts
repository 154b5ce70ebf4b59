import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { browserFetch, CookieJar, type RunningKratos, startKratos } from "./testing/harness.ts";
import { specProblems } from "./testing/openapi.ts";

// Every response below is checked against the official Kratos v26.2.0 OpenAPI document:
// its status must be documented for the operation (or fall under `default`) and its JSON
// body must match the documented schema.

let kratos: RunningKratos;
const PASSWORD = "correct horse battery staple";

beforeAll(async () => {
  kratos = await startKratos();
});
afterAll(() => kratos.close());

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  return text === "" ? undefined : JSON.parse(text);
}

/** Asserts the response conforms to the spec and returns its parsed body. */
// biome-ignore lint/suspicious/noExplicitAny: bodies are checked by the spec, then read freely.
async function conforms(path: string, method: string, response: Response): Promise<any> {
  const body = await bodyOf(response);
  expect(specProblems(path, method, response.status, body)).toEqual([]);
  return body;
}

const publicUrl = (path: string) => `${kratos.publicUrl}${path.replace(/^\//, "")}`;
const adminUrl = (path: string) => `${kratos.adminUrl}${path.replace(/^\//, "")}`;

function spa(jar: CookieJar, url: string, init: RequestInit & { json?: unknown } = {}) {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (init.json !== undefined) headers["Content-Type"] = "application/json";
  return browserFetch(jar, url, {
    ...init,
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
}

function api(url: string, init: RequestInit & { json?: unknown; token?: string } = {}) {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (init.json !== undefined) headers["Content-Type"] = "application/json";
  if (init.token) headers["X-Session-Token"] = init.token;
  return fetch(url, {
    method: init.method,
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
    redirect: "manual",
  });
}

// biome-ignore lint/suspicious/noExplicitAny: flow JSON as returned by the emulator.
const csrfOf = (flow: any): string =>
  flow.ui.nodes.find((n: { attributes: { name: string } }) => n.attributes.name === "csrf_token")
    .attributes.value;

let counter = 0;
const uniqueEmail = () => `contract-${++counter}-${Date.now()}@example.com`;

async function registerViaApi(email = uniqueEmail()) {
  const flow = await (await api(publicUrl("/self-service/registration/api"))).json();
  const response = await api(publicUrl(`/self-service/registration?flow=${flow.id}`), {
    method: "POST",
    json: { method: "password", password: PASSWORD, traits: { email, name: "Contract" } },
  });
  const body = await response.json();
  return {
    email,
    token: body.session_token as string,
    identityId: body.identity.id as string,
    sessionId: body.session.id as string,
  };
}

test("the spec check has teeth: a malformed session is rejected", () => {
  expect(specProblems("/sessions/whoami", "get", 200, { active: "yes" })).not.toEqual([]);
  expect(specProblems("/admin/identities", "get", 200, [{ id: "x" }])).not.toEqual([]);
});

describe("health and metadata", () => {
  test.each(["public", "admin"])("%s port answers health and version", async (port) => {
    const base = port === "public" ? publicUrl : adminUrl;
    await conforms("/health/alive", "get", await fetch(base("/health/alive")));
    await conforms("/health/ready", "get", await fetch(base("/health/ready")));
    expect(await conforms("/version", "get", await fetch(base("/version")))).toEqual({
      version: "v26.2.0",
    });
  });

  test("identity schemas", async () => {
    const list = await conforms("/schemas", "get", await fetch(publicUrl("/schemas")));
    expect(list[0].id).toBe("default");
    await conforms("/schemas/{id}", "get", await fetch(publicUrl("/schemas/ZGVmYXVsdA")));
    const missing = await fetch(publicUrl("/schemas/bm9wZQ"));
    expect(missing.status).toBe(404);
    await conforms("/schemas/{id}", "get", missing);
  });
});

describe("whoami", () => {
  test("401 without credentials, 200 with a session token", async () => {
    const anonymous = await fetch(publicUrl("/sessions/whoami"));
    expect(anonymous.status).toBe(401);
    await conforms("/sessions/whoami", "get", anonymous);

    const { token } = await registerViaApi();
    const session = await conforms(
      "/sessions/whoami",
      "get",
      await api(publicUrl("/sessions/whoami"), { token }),
    );
    expect(session.active).toBe(true);
  });
});

describe("login", () => {
  test("browser flow: create, read, submit (wrong, right), errors", async () => {
    const { email } = await registerViaApi();
    const jar = new CookieJar();
    const created = await spa(jar, publicUrl("/self-service/login/browser"));
    expect(created.status).toBe(200);
    const flow = await conforms("/self-service/login/browser", "get", created);

    const read = await spa(jar, publicUrl(`/self-service/login/flows?id=${flow.id}`));
    await conforms("/self-service/login/flows", "get", read);
    const foreign = await spa(
      new CookieJar(),
      publicUrl(`/self-service/login/flows?id=${flow.id}`),
    );
    expect(foreign.status).toBe(403);
    await conforms("/self-service/login/flows", "get", foreign);
    const unknown = await spa(
      jar,
      publicUrl("/self-service/login/flows?id=00000000-0000-4000-8000-000000000000"),
    );
    expect(unknown.status).toBe(404);
    await conforms("/self-service/login/flows", "get", unknown);

    const action = publicUrl(`/self-service/login?flow=${flow.id}`);
    const wrong = await spa(jar, action, {
      method: "POST",
      json: {
        method: "password",
        identifier: email,
        password: "not the password",
        csrf_token: csrfOf(flow),
      },
    });
    expect(wrong.status).toBe(400);
    await conforms("/self-service/login", "post", wrong);

    const forged = await spa(jar, action, {
      method: "POST",
      json: { method: "password", identifier: email, password: PASSWORD, csrf_token: "forged" },
    });
    expect(forged.status).toBe(403);
    await conforms("/self-service/login", "post", forged);

    const ok = await spa(jar, action, {
      method: "POST",
      json: { method: "password", identifier: email, password: PASSWORD, csrf_token: csrfOf(flow) },
    });
    expect(ok.status).toBe(200);
    await conforms("/self-service/login", "post", ok);

    const again = await spa(jar, publicUrl("/self-service/login/browser"));
    expect(again.status).toBe(400);
    await conforms("/self-service/login/browser", "get", again);
  });

  test("forbidden return_to and redirects", async () => {
    const forbidden = await spa(
      new CookieJar(),
      publicUrl("/self-service/login/browser?return_to=https://evil.example/"),
    );
    expect(forbidden.status).toBe(400);
    await conforms("/self-service/login/browser", "get", forbidden);
    const html = await fetch(publicUrl("/self-service/login/browser"), { redirect: "manual" });
    expect(html.status).toBe(303);
    await conforms("/self-service/login/browser", "get", html);
  });

  test("expired flows: 410 on read and on submit", async () => {
    const jar = new CookieJar();
    const flow = await (await spa(jar, publicUrl("/self-service/login/browser"))).json();
    kratos.clock.advance(2 * 3_600_000);
    const read = await spa(jar, publicUrl(`/self-service/login/flows?id=${flow.id}`));
    expect(read.status).toBe(410);
    await conforms("/self-service/login/flows", "get", read);
    const submit = await spa(jar, publicUrl(`/self-service/login?flow=${flow.id}`), {
      method: "POST",
      json: {
        method: "password",
        identifier: "x@example.com",
        password: PASSWORD,
        csrf_token: csrfOf(flow),
      },
    });
    expect(submit.status).toBe(410);
    await conforms("/self-service/login", "post", submit);
  });

  test("native flow and its errors", async () => {
    const { email, token } = await registerViaApi();
    const flow = await conforms(
      "/self-service/login/api",
      "get",
      await api(publicUrl("/self-service/login/api")),
    );
    const done = await api(publicUrl(`/self-service/login?flow=${flow.id}`), {
      method: "POST",
      json: { method: "password", identifier: email, password: PASSWORD },
    });
    expect((await conforms("/self-service/login", "post", done)).session_token).toMatch(/^ory_st_/);
    const signedIn = await api(publicUrl("/self-service/login/api"), { token });
    expect(signedIn.status).toBe(400);
    await conforms("/self-service/login/api", "get", signedIn);
  });
});

describe("registration", () => {
  test("browser and native flows, duplicate, expiry", async () => {
    const jar = new CookieJar();
    const flow = await conforms(
      "/self-service/registration/browser",
      "get",
      await spa(jar, publicUrl("/self-service/registration/browser")),
    );
    await conforms(
      "/self-service/registration/flows",
      "get",
      await spa(jar, publicUrl(`/self-service/registration/flows?id=${flow.id}`)),
    );
    const foreign = await spa(
      new CookieJar(),
      publicUrl(`/self-service/registration/flows?id=${flow.id}`),
    );
    expect(foreign.status).toBe(403);
    await conforms("/self-service/registration/flows", "get", foreign);
    const missing = await spa(jar, publicUrl("/self-service/registration/flows?id=nope"));
    expect(missing.status).toBe(404);
    await conforms("/self-service/registration/flows", "get", missing);

    const { email } = await registerViaApi();
    const duplicate = await spa(jar, publicUrl(`/self-service/registration?flow=${flow.id}`), {
      method: "POST",
      json: {
        method: "password",
        password: PASSWORD,
        csrf_token: csrfOf(flow),
        traits: { email, name: "Dup" },
      },
    });
    expect(duplicate.status).toBe(400);
    await conforms("/self-service/registration", "post", duplicate);

    const ok = await spa(jar, publicUrl(`/self-service/registration?flow=${flow.id}`), {
      method: "POST",
      json: {
        method: "password",
        password: PASSWORD,
        csrf_token: csrfOf(flow),
        traits: { email: uniqueEmail(), name: "New" },
      },
    });
    expect(ok.status).toBe(200);
    await conforms("/self-service/registration", "post", ok);

    const nativeFlow = await conforms(
      "/self-service/registration/api",
      "get",
      await api(publicUrl("/self-service/registration/api")),
    );
    const native = await api(publicUrl(`/self-service/registration?flow=${nativeFlow.id}`), {
      method: "POST",
      json: {
        method: "password",
        password: PASSWORD,
        traits: { email: uniqueEmail(), name: "Native" },
      },
    });
    await conforms("/self-service/registration", "post", native);

    const nativeStale = await (await api(publicUrl("/self-service/registration/api"))).json();
    kratos.clock.advance(2 * 3_600_000);
    const gone = await api(publicUrl(`/self-service/registration/flows?id=${nativeStale.id}`));
    expect(gone.status).toBe(410);
    await conforms("/self-service/registration/flows", "get", gone);
    const goneSubmit = await api(publicUrl(`/self-service/registration?flow=${nativeStale.id}`), {
      method: "POST",
      json: {
        method: "password",
        password: PASSWORD,
        traits: { email: uniqueEmail(), name: "Late" },
      },
    });
    expect(goneSubmit.status).toBe(410);
    await conforms("/self-service/registration", "post", goneSubmit);
  });
});

describe("settings", () => {
  test("native and browser flows, validation, authorization, expiry", async () => {
    const { token } = await registerViaApi();
    const anonymous = await api(publicUrl("/self-service/settings/browser"));
    expect(anonymous.status).toBe(401);
    await conforms("/self-service/settings/browser", "get", anonymous);

    const flow = await conforms(
      "/self-service/settings/api",
      "get",
      await api(publicUrl("/self-service/settings/api"), { token }),
    );
    await conforms(
      "/self-service/settings/flows",
      "get",
      await api(publicUrl(`/self-service/settings/flows?id=${flow.id}`), { token }),
    );
    const noSession = await api(publicUrl(`/self-service/settings/flows?id=${flow.id}`));
    expect(noSession.status).toBe(401);
    await conforms("/self-service/settings/flows", "get", noSession);
    const other = await registerViaApi();
    const mismatch = await api(publicUrl(`/self-service/settings/flows?id=${flow.id}`), {
      token: other.token,
    });
    expect(mismatch.status).toBe(403);
    await conforms("/self-service/settings/flows", "get", mismatch);
    const missing = await api(publicUrl("/self-service/settings/flows?id=nope"), { token });
    expect(missing.status).toBe(404);
    await conforms("/self-service/settings/flows", "get", missing);

    const action = publicUrl(`/self-service/settings?flow=${flow.id}`);
    const invalid = await api(action, {
      method: "POST",
      token,
      json: { method: "profile", traits: { email: "not-an-email", name: "X" } },
    });
    expect(invalid.status).toBe(400);
    await conforms("/self-service/settings", "post", invalid);
    const saved = await api(action, {
      method: "POST",
      token,
      json: {
        method: "profile",
        traits: {
          email: (await (await api(publicUrl("/sessions/whoami"), { token })).json()).identity
            .traits.email,
          name: "Renamed",
        },
      },
    });
    expect(saved.status).toBe(200);
    await conforms("/self-service/settings", "post", saved);

    kratos.clock.advance(2 * 3_600_000);
    const refresh = await api(action, {
      method: "POST",
      token,
      json: { method: "password", password: "another long passphrase" },
    });
    expect(refresh.status).toBe(410);
    await conforms("/self-service/settings", "post", refresh);
  });

  test("an old session must re-authenticate before changing the password", async () => {
    const { token } = await registerViaApi();
    const flow = await (await api(publicUrl("/self-service/settings/api"), { token })).json();
    kratos.clock.advance(20 * 60_000);
    const response = await api(publicUrl(`/self-service/settings?flow=${flow.id}`), {
      method: "POST",
      token,
      json: { method: "password", password: "another long passphrase" },
    });
    expect(response.status).toBe(403);
    await conforms("/self-service/settings", "post", response);
  });
});

describe("logout", () => {
  test("browser logout flow and native logout", async () => {
    const anonymous = await spa(new CookieJar(), publicUrl("/self-service/logout/browser"));
    expect(anonymous.status).toBe(401);
    await conforms("/self-service/logout/browser", "get", anonymous);

    const jar = new CookieJar();
    const flow = await (await spa(jar, publicUrl("/self-service/registration/browser"))).json();
    await spa(jar, publicUrl(`/self-service/registration?flow=${flow.id}`), {
      method: "POST",
      json: {
        method: "password",
        password: PASSWORD,
        csrf_token: csrfOf(flow),
        traits: { email: uniqueEmail(), name: "Leaving" },
      },
    });
    const logout = await conforms(
      "/self-service/logout/browser",
      "get",
      await spa(jar, publicUrl("/self-service/logout/browser")),
    );
    const done = await spa(jar, logout.logout_url);
    expect(done.status).toBe(204);
    await conforms("/self-service/logout", "get", done);

    const { token } = await registerViaApi();
    const native = await api(publicUrl("/self-service/logout/api"), {
      method: "DELETE",
      json: { session_token: token },
    });
    expect(native.status).toBe(204);
    await conforms("/self-service/logout/api", "delete", native);
    const bad = await api(publicUrl("/self-service/logout/api"), { method: "DELETE", json: {} });
    expect(bad.status).toBe(400);
    await conforms("/self-service/logout/api", "delete", bad);
  });

  test("self-service errors shown to browsers", async () => {
    const redirected = await fetch(
      publicUrl("/self-service/login/browser?return_to=https://evil.example/"),
      { redirect: "manual" },
    );
    expect(redirected.status).toBe(303);
    const id = new URL(redirected.headers.get("location") as string).searchParams.get("id");
    await conforms(
      "/self-service/errors",
      "get",
      await fetch(publicUrl(`/self-service/errors?id=${id}`)),
    );
    const missing = await fetch(publicUrl("/self-service/errors?id=nope"));
    expect(missing.status).toBe(404);
    await conforms("/self-service/errors", "get", missing);
  });
});

describe("admin identities and sessions", () => {
  test("identities: create, conflict, invalid, list, get, delete", async () => {
    const email = uniqueEmail();
    const created = await api(adminUrl("/admin/identities"), {
      method: "POST",
      json: {
        schema_id: "default",
        traits: { email, name: "Admin Made" },
        credentials: { password: { config: { password: PASSWORD } } },
      },
    });
    expect(created.status).toBe(201);
    const identity = await conforms("/admin/identities", "post", created);

    const conflict = await api(adminUrl("/admin/identities"), {
      method: "POST",
      json: { schema_id: "default", traits: { email, name: "Again" } },
    });
    expect(conflict.status).toBe(409);
    await conforms("/admin/identities", "post", conflict);
    const invalid = await api(adminUrl("/admin/identities"), {
      method: "POST",
      json: { schema_id: "default", traits: { email: "nope" } },
    });
    expect(invalid.status).toBe(400);
    await conforms("/admin/identities", "post", invalid);

    const list = await conforms(
      "/admin/identities",
      "get",
      await api(adminUrl(`/admin/identities?credentials_identifier=${email}`)),
    );
    expect(list.map((i: { id: string }) => i.id)).toEqual([identity.id]);
    await conforms(
      "/admin/identities/{id}",
      "get",
      await api(adminUrl(`/admin/identities/${identity.id}`)),
    );
    const unknown = await api(adminUrl("/admin/identities/00000000-0000-4000-8000-000000000000"));
    expect(unknown.status).toBe(404);
    await conforms("/admin/identities/{id}", "get", unknown);

    const deleted = await api(adminUrl(`/admin/identities/${identity.id}`), { method: "DELETE" });
    expect(deleted.status).toBe(204);
    await conforms("/admin/identities/{id}", "delete", deleted);
    const again = await api(adminUrl(`/admin/identities/${identity.id}`), { method: "DELETE" });
    expect(again.status).toBe(404);
    await conforms("/admin/identities/{id}", "delete", again);
  });

  test("sessions: list, get, revoke", async () => {
    const { identityId, sessionId } = await registerViaApi();
    await conforms(
      "/admin/identities/{id}/sessions",
      "get",
      await api(adminUrl(`/admin/identities/${identityId}/sessions`)),
    );
    const unknownIdentity = await api(
      adminUrl("/admin/identities/00000000-0000-4000-8000-000000000000/sessions"),
    );
    // Kratos lists by identity id without looking the identity up: none, not a 404.
    expect(unknownIdentity.status).toBe(200);
    expect(await conforms("/admin/identities/{id}/sessions", "get", unknownIdentity)).toEqual([]);

    const session = await conforms(
      "/admin/sessions/{id}",
      "get",
      await api(adminUrl(`/admin/sessions/${sessionId}?expand=identity&expand=devices`)),
    );
    expect(session.identity.id).toBe(identityId);
    const unknownSession = await api(
      adminUrl("/admin/sessions/00000000-0000-4000-8000-000000000000"),
    );
    expect(unknownSession.status).toBe(404);
    await conforms("/admin/sessions/{id}", "get", unknownSession);

    const disabled = await api(adminUrl(`/admin/sessions/${sessionId}`), { method: "DELETE" });
    expect(disabled.status).toBe(204);
    await conforms("/admin/sessions/{id}", "delete", disabled);
    const disabledAgain = await api(
      adminUrl("/admin/sessions/00000000-0000-4000-8000-000000000000"),
      { method: "DELETE" },
    );
    expect(disabledAgain.status).toBe(404);
    await conforms("/admin/sessions/{id}", "delete", disabledAgain);

    const revoked = await api(adminUrl(`/admin/identities/${identityId}/sessions`), {
      method: "DELETE",
    });
    expect(revoked.status).toBe(204);
    await conforms("/admin/identities/{id}/sessions", "delete", revoked);
    const revokeUnknown = await api(
      adminUrl("/admin/identities/00000000-0000-4000-8000-000000000000/sessions"),
      { method: "DELETE" },
    );
    expect(revokeUnknown.status).toBe(404);
    await conforms("/admin/identities/{id}/sessions", "delete", revokeUnknown);
  });
});
