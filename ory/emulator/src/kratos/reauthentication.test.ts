import bcrypt from "bcryptjs";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { csrfCookieName } from "./csrf.ts";
import { browserFetch, CookieJar, type RunningKratos, startKratos } from "./testing/harness.ts";
import { specProblems } from "./testing/openapi.ts";

// Re-authentication, signed-in submissions, CSRF cookie renewal, API flows sent by a
// browser, and flows that are gone: the places where a client decides what to do next.

let kratos: RunningKratos;
const PASSWORD = "correct horse battery staple";
const UI = "http://127.0.0.1:4000";
const PRIVILEGED_MAX_AGE_MS = 15 * 60_000;

beforeAll(async () => {
  kratos = await startKratos();
});
afterAll(() => kratos.close());

const url = (path: string) =>
  path.startsWith("http") ? path : `${kratos.publicUrl}${path.replace(/^\//, "")}`;
let counter = 0;
const uniqueEmail = () => `reauth-${++counter}-${Date.now()}@example.com`;

interface FlowJson {
  id: string;
  refresh?: boolean;
  ui: {
    nodes: { group: string; attributes: { name: string; type: string; value?: unknown } }[];
    messages?: { id: number; text: string }[];
  };
}

const csrfOf = (flow: FlowJson) =>
  flow.ui.nodes.find((n) => n.attributes.name === "csrf_token")?.attributes.value as string;

const json = { Accept: "application/json" };
const get = (jar: CookieJar, path: string) => browserFetch(jar, url(path), { headers: json });
const post = (jar: CookieJar, path: string, body: unknown) =>
  browserFetch(jar, url(path), {
    method: "POST",
    headers: { ...json, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
/** A plain HTML form post, as a browser without JavaScript sends it. */
const postForm = (jar: CookieJar, path: string, fields: Record<string, string>) =>
  browserFetch(jar, url(path), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });

async function startFlow(jar: CookieJar, kind: string, query = ""): Promise<FlowJson> {
  const response = await get(jar, `/self-service/${kind}/browser${query}`);
  expect(response.status).toBe(200);
  return response.json();
}

async function signUp(jar: CookieJar, email = uniqueEmail()) {
  const flow = await startFlow(jar, "registration");
  const response = await post(jar, `/self-service/registration?flow=${flow.id}`, {
    csrf_token: csrfOf(flow),
    method: "password",
    password: PASSWORD,
    traits: { email, name: "Rea Auth" },
  });
  expect(response.status).toBe(200);
  return email;
}

async function apiLogin(identifier: string, password: string) {
  const flow = await (await fetch(url("/self-service/login/api"), { headers: json })).json();
  return fetch(url(`/self-service/login?flow=${flow.id}`), {
    method: "POST",
    headers: { ...json, "Content-Type": "application/json" },
    body: JSON.stringify({ method: "password", identifier, password }),
  });
}

describe("refresh login", () => {
  test("carries the identifier as a hidden field and asks to confirm", async () => {
    const jar = new CookieJar();
    const email = await signUp(jar);
    const flow = await startFlow(jar, "login", "?refresh=true");
    expect(flow.refresh).toBe(true);
    const identifier = flow.ui.nodes.find((n) => n.attributes.name === "identifier");
    expect(identifier).toMatchObject({
      group: "default",
      attributes: { type: "hidden", value: email },
    });
    expect(flow.ui.messages?.map((m) => m.id)).toEqual([1010003]);
    expect(specProblems("/self-service/login/flows", "get", 200, flow)).toEqual([]);
  });

  test("without a session it is an ordinary login", async () => {
    const flow = await startFlow(new CookieJar(), "login", "?refresh=true");
    expect(flow.refresh).toBe(false);
    const identifier = flow.ui.nodes.find((n) => n.attributes.name === "identifier");
    expect(identifier?.attributes.type).toBe("text");
  });

  test("keeps the CSRF cookie and adds the method to the session", async () => {
    const jar = new CookieJar();
    const email = await signUp(jar);
    const cookieName = csrfCookieName(kratos.publicUrl);
    const before = jar.cookies.get(cookieName);
    const flow = await startFlow(jar, "login", "?refresh=true");
    const response = await post(jar, `/self-service/login?flow=${flow.id}`, {
      csrf_token: csrfOf(flow),
      method: "password",
      identifier: email,
      password: PASSWORD,
    });
    expect(response.status).toBe(200);
    expect(jar.cookies.get(cookieName)).toBe(before);
    const session = await (await get(jar, "/sessions/whoami")).json();
    expect(session.authentication_methods).toHaveLength(2);
  });

  test("signing in anew renews the CSRF cookie", async () => {
    const jar = new CookieJar();
    const flow = await startFlow(jar, "login");
    const cookieName = csrfCookieName(kratos.publicUrl);
    const before = jar.cookies.get(cookieName);
    const email = uniqueEmail();
    await signUp(new CookieJar(), email);
    await post(jar, `/self-service/login?flow=${flow.id}`, {
      csrf_token: csrfOf(flow),
      method: "password",
      identifier: email,
      password: PASSWORD,
    });
    expect(jar.cookies.get(cookieName)).not.toBe(before);
  });
});

describe("settings flows", () => {
  test("are read with the session alone, no CSRF cookie needed", async () => {
    const jar = new CookieJar();
    await signUp(jar);
    const flow = await startFlow(jar, "settings");
    const sessionOnly = new CookieJar();
    sessionOnly.cookies.set("ory_kratos_session", jar.cookies.get("ory_kratos_session") ?? "");
    const response = await get(sessionOnly, `/self-service/settings/flows?id=${flow.id}`);
    expect(response.status).toBe(200);
  });

  test("a password change that needed re-authentication is applied after the re-login", async () => {
    const jar = new CookieJar();
    const email = await signUp(jar);
    const flow = await startFlow(jar, "settings");
    kratos.clock.advance(PRIVILEGED_MAX_AGE_MS + 60_000);

    const newPassword = "an entirely new passphrase";
    const change = await postForm(jar, `/self-service/settings?flow=${flow.id}`, {
      csrf_token: csrfOf(flow),
      method: "password",
      password: newPassword,
    });
    expect(change.status).toBe(303);
    const reloginStart = change.headers.get("location") ?? "";
    expect(reloginStart).toContain("refresh=true");

    const toLoginUi = await browserFetch(jar, reloginStart);
    const loginFlowId = new URL(toLoginUi.headers.get("location") ?? "").searchParams.get("flow");
    const loginFlow: FlowJson = await (
      await get(jar, `/self-service/login/flows?id=${loginFlowId}`)
    ).json();
    const loggedIn = await postForm(jar, `/self-service/login?flow=${loginFlow.id}`, {
      csrf_token: csrfOf(loginFlow),
      method: "password",
      identifier: String(
        loginFlow.ui.nodes.find((n) => n.attributes.name === "identifier")?.attributes.value,
      ),
      password: PASSWORD,
    });
    expect(loggedIn.status).toBe(303);
    const resume = loggedIn.headers.get("location") ?? "";
    expect(resume).toBe(url(`/self-service/settings?flow=${flow.id}`));
    const resumed = await browserFetch(jar, resume);
    expect(resumed.status).toBe(303);
    expect(resumed.headers.get("location")).toBe(`${UI}/settings?flow=${flow.id}`);
    const shown = await (await get(jar, `/self-service/settings/flows?id=${flow.id}`)).json();
    expect(shown.state).toBe("success");

    expect((await apiLogin(email, newPassword)).status).toBe(200);
    expect((await apiLogin(email, PASSWORD)).status).toBe(400);

    // The change is applied once: coming back again changes nothing and runs no method.
    const again = await browserFetch(jar, resume);
    expect(again.status).toBe(303);
    const after = await (await get(jar, `/self-service/settings/flows?id=${flow.id}`)).json();
    expect(after.ui.messages.map((m: { id: number }) => m.id)).toEqual([4010004]);
  });
});

describe("submitting a login while signed in", () => {
  test("an SPA gets the flow back with a 400 and message 4000001", async () => {
    const jar = new CookieJar();
    const flow = await startFlow(jar, "login");
    await signUp(jar);
    const response = await post(jar, `/self-service/login?flow=${flow.id}`, {
      csrf_token: csrfOf(flow),
      method: "password",
      identifier: "someone@example.com",
      password: PASSWORD,
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.id).toBe(flow.id);
    expect(body.ui.messages).toEqual([
      expect.objectContaining({ id: 4000001, type: "error", context: expect.any(Object) }),
    ]);
    expect(specProblems("/self-service/login", "post", 400, body)).toEqual([]);
  });

  test("a plain browser is sent to the default return URL", async () => {
    const jar = new CookieJar();
    const flow = await startFlow(jar, "login", `?return_to=${encodeURIComponent(`${UI}/x`)}`);
    await signUp(jar);
    const response = await postForm(jar, `/self-service/login?flow=${flow.id}`, {
      csrf_token: csrfOf(flow),
      method: "password",
      identifier: "someone@example.com",
      password: PASSWORD,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${UI}/`);
  });
});

describe("API flows", () => {
  test("a successful native login has continue_with null", async () => {
    const email = await signUp(new CookieJar());
    const body = await (await apiLogin(email, PASSWORD)).json();
    expect(body.continue_with).toBeNull();
    expect(typeof body.session_token).toBe("string");
    expect(specProblems("/self-service/login", "post", 200, body)).toEqual([]);
  });

  test("sent with an Origin header or cookies: the flow with the reason as 4000001", async () => {
    const browserish: Record<string, string>[] = [{ Origin: UI }, { Cookie: "theme=dark" }];
    for (const headers of browserish) {
      const flow = await (await fetch(url("/self-service/login/api"), { headers: json })).json();
      const response = await fetch(url(`/self-service/login?flow=${flow.id}`), {
        method: "POST",
        headers: { ...json, "Content-Type": "application/json", ...headers },
        body: JSON.stringify({ method: "password", identifier: "x@example.com", password: "x" }),
      });
      expect(response.status).toBe(400);
      const body = await response.json();
      const [message] = body.ui.messages;
      expect(message.id).toBe(4000001);
      expect(message.text).toMatch(/^The HTTP Request Header included the "(Origin|Cookie)" key/);
      expect(specProblems("/self-service/login", "post", 400, body)).toEqual([]);
    }
  });
});

describe("unknown identifiers", () => {
  test("still cost one bcrypt comparison at the configured cost", async () => {
    const compare = vi.spyOn(bcrypt, "compare");
    try {
      const response = await apiLogin(uniqueEmail(), PASSWORD);
      expect(response.status).toBe(400);
      expect(compare).toHaveBeenCalledTimes(1);
      // startKratos sets hashers.bcrypt.cost to 4.
      expect(compare.mock.calls[0][1]).toMatch(/^\$2[aby]\$04\$/);
    } finally {
      compare.mockRestore();
    }
  });
});

describe("flows that are gone", () => {
  test("an unknown flow id is a 404 without an error id", async () => {
    for (const kind of ["login", "registration"]) {
      const response = await get(
        new CookieJar(),
        `/self-service/${kind}/flows?id=00000000-0000-4000-8000-000000000000`,
      );
      expect(response.status).toBe(404);
      const body = await response.json();
      expect(body.error).toEqual({
        code: 404,
        status: "Not Found",
        message: "Unable to locate the resource",
      });
      expect(specProblems(`/self-service/${kind}/flows`, "get", 404, body)).toEqual([]);
    }
  });

  test("an expired login flow: 410 on read, and a replacement on submit", async () => {
    const jar = new CookieJar();
    const flow = await startFlow(jar, "login");
    kratos.clock.advance(2 * 60 * 60_000);
    const read = await get(jar, `/self-service/login/flows?id=${flow.id}`);
    expect(read.status).toBe(410);
    expect((await read.json()).error.id).toBe("self_service_flow_expired");
    const submit = await post(jar, `/self-service/login?flow=${flow.id}`, {
      csrf_token: csrfOf(flow),
      method: "password",
      identifier: "x@example.com",
      password: PASSWORD,
    });
    expect(submit.status).toBe(410);
    const body = await submit.json();
    expect(body.error.id).toBe("self_service_flow_expired");
    const replacement = await get(jar, `/self-service/login/flows?id=${body.use_flow_id}`);
    expect(replacement.status).toBe(200);
  });

  test("an expired settings flow is a 410 without an error id", async () => {
    const jar = new CookieJar();
    await signUp(jar);
    const flow = await startFlow(jar, "settings");
    kratos.clock.advance(2 * 60 * 60_000 - 1);
    // The session (24h) outlives the settings flow (1h).
    const read = await get(jar, `/self-service/settings/flows?id=${flow.id}`);
    expect(read.status).toBe(410);
    const body = await read.json();
    expect(body.error.id).toBeUndefined();
    expect(body.error.details.redirect_to).toBe(url("/self-service/settings/browser"));
  });
});
