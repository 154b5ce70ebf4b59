import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { browserFetch, CookieJar, type RunningKratos, startKratos } from "./testing/harness.ts";

// Drives the self-service flows the way browsers do: a cookie jar, the CSRF cookie plus
// the `csrf_token` node, JSON via `Accept: application/json` (SPA) and HTML-form posts
// answered with 303 redirects (no JavaScript).

let kratos: RunningKratos;
const PASSWORD = "correct horse battery staple";
const UI = "http://127.0.0.1:4000";

beforeAll(async () => {
  kratos = await startKratos();
});
afterAll(() => kratos.close());

const url = (path: string) => `${kratos.publicUrl}${path.replace(/^\//, "")}`;
let counter = 0;
const uniqueEmail = () => `browser-${++counter}-${Date.now()}@example.com`;

interface UiNodeJson {
  attributes: { name: string; value?: unknown };
  messages: { id: number; text: string }[];
}
interface FlowJson {
  id: string;
  return_to?: string;
  ui: { nodes: UiNodeJson[]; messages?: { id: number; text: string }[] };
}

type FlowKind = "login" | "registration" | "settings" | "recovery" | "verification";

/** An SPA on another origin: JSON in both directions, credentials included. */
class Spa {
  constructor(readonly jar = new CookieJar()) {}

  get(path: string) {
    return browserFetch(this.jar, url(path), { headers: { Accept: "application/json" } });
  }

  post(path: string, body: unknown) {
    return browserFetch(this.jar, url(path), {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  /** Posts `fields` to the flow, with the anti-CSRF token of its form. */
  submit(kind: FlowKind, flow: FlowJson, fields: Record<string, unknown>) {
    return this.post(`/self-service/${kind}?flow=${flow.id}`, {
      csrf_token: csrfOf(flow),
      ...fields,
    });
  }

  async flow(kind: FlowKind, query = ""): Promise<FlowJson> {
    const response = await this.get(`/self-service/${kind}/browser${query}`);
    expect(response.status).toBe(200);
    return response.json();
  }
}

/** A plain HTML form post, as a browser without JavaScript sends it. */
const postForm = (jar: CookieJar, path: string, form: URLSearchParams) =>
  browserFetch(jar, url(path), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });

/** What the UI server does: read the flow with the browser's cookies. */
async function readFlow(jar: CookieJar, kind: FlowKind, id: string | null): Promise<FlowJson> {
  const response = await browserFetch(jar, url(`/self-service/${kind}/flows?id=${id}`), {
    headers: { Accept: "application/json" },
  });
  return response.json();
}

const csrfOf = (flow: FlowJson) =>
  flow.ui.nodes.find((n) => n.attributes.name === "csrf_token")?.attributes.value as string;
const nodeMessages = (flow: FlowJson, name: string) =>
  flow.ui.nodes.find((n) => n.attributes.name === name)?.messages.map((m) => m.id);
const flowMessages = (flow: FlowJson) => (flow.ui.messages ?? []).map((m) => m.id);

async function signUp(spa: Spa, email = uniqueEmail()) {
  const flow = await spa.flow("registration");
  const response = await spa.submit("registration", flow, {
    method: "password",
    password: PASSWORD,
    traits: { email, name: "Ann Example" },
  });
  expect(response.status).toBe(200);
  return email;
}

describe("CSRF cookie", () => {
  test("is named after the SHA-256 of the public base URL and is HttpOnly", async () => {
    const response = await fetch(url("/self-service/login/browser"), {
      headers: { Accept: "application/json" },
    });
    const [cookie] = response.headers.getSetCookie();
    const expected = `csrf_token_${createHash("sha256").update(kratos.publicUrl).digest("hex")}`;
    expect(cookie.startsWith(`${expected}=`)).toBe(true);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
  });

  test("a token from another browser is rejected with security_csrf_violation", async () => {
    const victim = new Spa();
    const attacker = new Spa();
    const victimFlow = await victim.flow("login");
    const attackerFlow = await attacker.flow("login");
    const response = await victim.post(`/self-service/login?flow=${victimFlow.id}`, {
      method: "password",
      identifier: "a@example.com",
      password: PASSWORD,
      csrf_token: csrfOf(attackerFlow),
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.id).toBe("security_csrf_violation");
  });

  test("reading another browser's flow is refused", async () => {
    const flow = await new Spa().flow("registration");
    const response = await new Spa().get(`/self-service/registration/flows?id=${flow.id}`);
    expect(response.status).toBe(403);
  });
});

describe("registration (SPA)", () => {
  test("missing traits are reported on their fields", async () => {
    const spa = new Spa();
    const flow = await spa.flow("registration");
    const response = await spa.submit("registration", flow, {
      method: "password",
      password: PASSWORD,
      traits: { email: uniqueEmail() },
    });
    expect(response.status).toBe(400);
    const updated: FlowJson = await response.json();
    expect(nodeMessages(updated, "traits.name")).toEqual([4000002]);
    const message = updated.ui.nodes.find((n) => n.attributes.name === "traits.name")?.messages[0];
    expect(message?.text).toBe("Property name is missing.");
    // The submitted email is echoed back so the form keeps it.
    const email = updated.ui.nodes.find((n) => n.attributes.name === "traits.email");
    expect(email?.attributes.value).toMatch(/@example\.com$/);
  });

  test("an invalid email is reported with Kratos' format message", async () => {
    const spa = new Spa();
    const flow = await spa.flow("registration");
    const response = await spa.submit("registration", flow, {
      method: "password",
      password: PASSWORD,
      traits: { email: "not-an-email", name: "X" },
    });
    expect(nodeMessages(await response.json(), "traits.email")).toEqual([4000040]);
  });

  test("a short password is refused on the password field", async () => {
    const spa = new Spa();
    const flow = await spa.flow("registration");
    const response = await spa.submit("registration", flow, {
      method: "password",
      password: "short",
      traits: { email: uniqueEmail(), name: "Shorty" },
    });
    expect(response.status).toBe(400);
    const updated: FlowJson = await response.json();
    const message = updated.ui.nodes.find((n) => n.attributes.name === "password")?.messages[0];
    expect(message).toMatchObject({
      id: 4000032,
      text: "The password must be at least 8 characters long, but got 5.",
    });
    expect(updated.ui.nodes.find((n) => n.attributes.name === "password")?.attributes.value).toBe(
      undefined,
    );
  });

  test("a duplicate account is refused with 4000007", async () => {
    const email = await signUp(new Spa());
    const spa = new Spa();
    const flow = await spa.flow("registration");
    const response = await spa.submit("registration", flow, {
      method: "password",
      password: PASSWORD,
      traits: { email: email.toUpperCase(), name: "Copy" },
    });
    expect(response.status).toBe(400);
    const updated: FlowJson = await response.json();
    expect(updated.ui.messages).toEqual([
      {
        id: 4000007,
        text: "An account with the same identifier (email, phone, username, ...) exists already.",
        type: "error",
      },
    ]);
  });

  test("success signs the browser in (session hook) and rotates the CSRF cookie", async () => {
    const spa = new Spa();
    const flow = await spa.flow("registration");
    const csrfBefore = [...spa.jar.cookies].find(([name]) => name.startsWith("csrf_token_"))?.[1];
    const email = uniqueEmail();
    const response = await spa.submit("registration", flow, {
      method: "password",
      password: PASSWORD,
      traits: { email, name: "Ann" },
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.session.identity.id).toBe(body.identity.id);
    // kratos.yml's show_verification_ui hook adds the flow checking the new address.
    expect(body.continue_with).toEqual([
      { action: "redirect_browser_to", redirect_browser_to: `${UI}/` },
      {
        action: "show_verification_ui",
        flow: {
          id: expect.any(String),
          verifiable_address: email,
          url: expect.stringMatching(new RegExp(`^${UI}/verification\\?flow=`)),
        },
      },
    ]);
    expect(spa.jar.cookies.has("ory_kratos_session")).toBe(true);
    const csrfAfter = [...spa.jar.cookies].find(([name]) => name.startsWith("csrf_token_"))?.[1];
    expect(csrfAfter).not.toBe(csrfBefore);
    const whoami = await spa.get("/sessions/whoami");
    expect(whoami.status).toBe(200);
    expect(whoami.headers.get("x-kratos-authenticated-identity-id")).toBe(body.identity.id);
  });
});

describe("registration and login without JavaScript (HTML forms, 303s)", () => {
  test("registration: redirect to the UI, form post, on to verify the address", async () => {
    const jar = new CookieJar();
    const start = await browserFetch(
      jar,
      url(`/self-service/registration/browser?return_to=${encodeURIComponent(`${UI}/projects`)}`),
    );
    expect(start.status).toBe(303);
    const location = new URL(start.headers.get("location") as string);
    expect(`${location.origin}${location.pathname}`).toBe(`${UI}/registration`);
    const flowId = location.searchParams.get("flow") as string;

    // The UI server reads the flow with the browser's cookies.
    const flow = await readFlow(jar, "registration", flowId);
    expect(flow.return_to).toBe(`${UI}/projects`);

    const form = new URLSearchParams({
      csrf_token: csrfOf(flow),
      "traits.email": uniqueEmail(),
      "traits.name": "Form User",
      password: PASSWORD,
      method: "password",
    });
    const done = await postForm(jar, `/self-service/registration?flow=${flowId}`, form);
    expect(done.status).toBe(303);
    // The show_verification_ui hook sends the browser to verify the address first; the
    // verification flow keeps return_to for afterwards.
    const next = new URL(done.headers.get("location") as string);
    expect(`${next.origin}${next.pathname}`).toBe(`${UI}/verification`);
    expect(jar.cookies.has("ory_kratos_session")).toBe(true);
    const verification = await readFlow(jar, "verification", next.searchParams.get("flow"));
    expect(verification.return_to).toBe(`${UI}/projects`);
  });

  test("login: a wrong password sends the browser back to the same flow with the error", async () => {
    const email = await signUp(new Spa());
    const jar = new CookieJar();
    const start = await browserFetch(jar, url("/self-service/login/browser"));
    const flowId = new URL(start.headers.get("location") as string).searchParams.get("flow");
    const read = () => readFlow(jar, "login", flowId);
    const flow = await read();
    const post = (password: string, csrf = csrfOf(flow)) =>
      postForm(
        jar,
        `/self-service/login?flow=${flowId}`,
        new URLSearchParams({ csrf_token: csrf, identifier: email, password, method: "password" }),
      );

    const wrong = await post("wrong password entirely");
    expect(wrong.status).toBe(303);
    expect(wrong.headers.get("location")).toBe(`${UI}/login?flow=${flowId}`);
    const afterWrong = await read();
    expect(afterWrong.ui.messages?.[0]).toMatchObject({
      id: 4000006,
      text: "The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.",
    });
    expect(
      afterWrong.ui.nodes.find((n) => n.attributes.name === "identifier")?.attributes.value,
    ).toBe(email);

    const forged = await post(PASSWORD, "Zm9yZ2Vk");
    expect(forged.status).toBe(303);
    expect(forged.headers.get("location")).toMatch(new RegExp(`^${UI}/error\\?id=`));

    const ok = await post(PASSWORD);
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`${UI}/`);

    // Signed in: a new login flow sends the browser straight on.
    const again = await browserFetch(jar, url("/self-service/login/browser"));
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(`${UI}/`);
  });
});

describe("login (SPA)", () => {
  test("wrong password, then success, then session_already_available", async () => {
    const email = await signUp(new Spa());
    const spa = new Spa();
    const flow = await spa.flow("login");
    const submit = (password: string) =>
      spa.submit("login", flow, {
        method: "password",
        identifier: email,
        password,
      });
    const wrong = await submit("nope nope nope");
    expect(wrong.status).toBe(400);
    expect(flowMessages(await wrong.json())).toEqual([4000006]);

    const unknownUser = await spa.submit("login", flow, {
      method: "password",
      identifier: "nobody@example.com",
      password: PASSWORD,
    });
    expect(flowMessages(await unknownUser.json())).toEqual([4000006]);

    const ok = await submit(PASSWORD);
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.session.identity.traits.email).toBe(email);
    expect(body.session_token).toBeUndefined();
    expect((await spa.get("/sessions/whoami")).status).toBe(200);

    const already = await spa.get("/self-service/login/browser");
    expect(already.status).toBe(400);
    expect((await already.json()).error.id).toBe("session_already_available");
  });

  test("missing fields are reported as required", async () => {
    const spa = new Spa();
    const flow = await spa.flow("login");
    const response = await spa.submit("login", flow, {
      method: "password",
      identifier: "",
      password: "",
    });
    const updated: FlowJson = await response.json();
    expect(nodeMessages(updated, "identifier")).toEqual([4000002]);
    expect(nodeMessages(updated, "password")).toEqual([4000002]);
  });
});

describe("flow expiry", () => {
  test("SPA: reading gives 410, submitting gives 410 with a replacement flow", async () => {
    const spa = new Spa();
    const flow = await spa.flow("login");
    kratos.clock.advance(61 * 60_000);
    const read = await spa.get(`/self-service/login/flows?id=${flow.id}`);
    expect(read.status).toBe(410);
    const readError = (await read.json()).error;
    expect(readError.id).toBe("self_service_flow_expired");
    expect(readError.details.redirect_to).toBe(url("/self-service/login/browser"));

    const submit = await spa.submit("login", flow, {
      method: "password",
      identifier: "a@example.com",
      password: PASSWORD,
    });
    expect(submit.status).toBe(410);
    const expired = await submit.json();
    expect(expired.error.id).toBe("self_service_flow_expired");
    const replacement: FlowJson = await (
      await spa.get(`/self-service/login/flows?id=${expired.use_flow_id}`)
    ).json();
    expect(flowMessages(replacement)).toEqual([4010001]);
  });

  test("browser: submitting an expired registration redirects to a fresh flow", async () => {
    const jar = new CookieJar();
    const start = await browserFetch(jar, url("/self-service/registration/browser"));
    const flowId = new URL(start.headers.get("location") as string).searchParams.get("flow");
    kratos.clock.advance(61 * 60_000);
    const response = await postForm(
      jar,
      `/self-service/registration?flow=${flowId}`,
      new URLSearchParams({ method: "password" }),
    );
    expect(response.status).toBe(303);
    const next = new URL(response.headers.get("location") as string);
    expect(next.pathname).toBe("/registration");
    expect(next.searchParams.get("flow")).not.toBe(flowId);
  });
});

describe("return_to allow-list", () => {
  test("allowed URLs are kept and used after login", async () => {
    const email = await signUp(new Spa());
    const spa = new Spa();
    const returnTo = "http://127.0.0.1:5173/projects/42";
    const flow = await spa.flow("login", `?return_to=${encodeURIComponent(returnTo)}`);
    expect(flow.return_to).toBe(returnTo);
    const response = await spa.submit("login", flow, {
      method: "password",
      identifier: email,
      password: PASSWORD,
    });
    expect((await response.json()).continue_with[0].redirect_browser_to).toBe(returnTo);
  });

  test.each(["https://evil.example/steal", "http://127.0.0.1:4001/", "https://127.0.0.1:4000/"])(
    "%s is refused",
    async (returnTo) => {
      const spa = new Spa();
      const response = await spa.get(
        `/self-service/login/browser?return_to=${encodeURIComponent(returnTo)}`,
      );
      expect(response.status).toBe(400);
      const error = (await response.json()).error;
      expect(error.id).toBe("self_service_flow_return_to_forbidden");
      expect(error.reason).toBe(`Requested return_to URL "${returnTo}" is not allowed.`);

      const browser = await fetch(
        url(`/self-service/registration/browser?return_to=${encodeURIComponent(returnTo)}`),
        { redirect: "manual" },
      );
      expect(browser.status).toBe(303);
      expect(browser.headers.get("location")).toMatch(new RegExp(`^${UI}/error\\?id=`));
    },
  );
});

describe("logout", () => {
  test("the logout URL ends the session and clears the cookie", async () => {
    const spa = new Spa();
    await signUp(spa);
    const flow = await (await spa.get("/self-service/logout/browser")).json();
    expect(flow.logout_url).toBe(url(`/self-service/logout?token=${flow.logout_token}`));
    const done = await browserFetch(spa.jar, flow.logout_url);
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`${UI}/login`);
    expect(spa.jar.cookies.has("ory_kratos_session")).toBe(false);
    expect((await spa.get("/sessions/whoami")).status).toBe(401);
  });

  test("a logout token from another session is refused", async () => {
    const alice = new Spa();
    const bob = new Spa();
    await signUp(alice);
    await signUp(bob);
    const aliceFlow = await (await alice.get("/self-service/logout/browser")).json();
    const response = await browserFetch(bob.jar, aliceFlow.logout_url, {
      headers: { Accept: "application/json" },
    });
    expect(response.status).toBe(403);
    expect((await alice.get("/sessions/whoami")).status).toBe(200);
  });
});

describe("settings (SPA)", () => {
  test("profile update and password change, then login with the new password", async () => {
    const spa = new Spa();
    const email = await signUp(spa);
    const flow = await spa.flow("settings");
    const nameNode = flow.ui.nodes.find((n) => n.attributes.name === "traits.name");
    expect(nameNode?.attributes.value).toBe("Ann Example");

    const profile = await spa.submit("settings", flow, {
      method: "profile",
      traits: { email, name: "Ann Renamed" },
    });
    expect(profile.status).toBe(200);
    const saved = await profile.json();
    expect(saved.state).toBe("success");
    expect(flowMessages(saved)).toEqual([1050001]);
    expect(saved.identity.traits.name).toBe("Ann Renamed");

    const short = await spa.submit("settings", flow, {
      method: "password",
      password: "tiny",
    });
    expect(nodeMessages(await short.json(), "password")).toEqual([4000032]);

    const newPassword = "a completely different passphrase";
    const changed = await spa.submit("settings", flow, {
      method: "password",
      password: newPassword,
    });
    expect(changed.status).toBe(200);

    const other = new Spa();
    const login = await other.flow("login");
    const response = await other.submit("login", login, {
      method: "password",
      identifier: email,
      password: newPassword,
    });
    expect(response.status).toBe(200);
  });

  test("without a session the browser is sent to login", async () => {
    const response = await fetch(url("/self-service/settings/browser"), { redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(url("/self-service/login/browser"));
  });
});

describe("CORS", () => {
  test("configured origins may call with credentials; others get no CORS headers", async () => {
    const preflight = await fetch(url("/self-service/login"), {
      method: "OPTIONS",
      headers: {
        Origin: "http://127.0.0.1:5173",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173");
    expect(preflight.headers.get("access-control-allow-credentials")).toBe("true");

    const allowed = await fetch(url("/sessions/whoami"), {
      headers: { Origin: "http://127.0.0.1:4000" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:4000");
    const denied = await fetch(url("/sessions/whoami"), {
      headers: { Origin: "https://evil.example" },
    });
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
  });
});
