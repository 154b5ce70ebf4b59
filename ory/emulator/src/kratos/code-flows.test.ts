import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { latestCode, readMail } from "../mail/reader.ts";
import { browserFetch, CookieJar, type RunningKratos, startKratos } from "./testing/harness.ts";
import { specProblems } from "./testing/openapi.ts";

// Recovery and verification with the code method, driven as browsers (SPA and HTML forms)
// and native apps do, reading the codes from the mail catcher over Mailpit's API. Every JSON
// answer is checked against the official Kratos v26.2.0 OpenAPI document.

let kratos: RunningKratos;
const PASSWORD = "correct horse battery staple";
const NEW_PASSWORD = "a brand new passphrase 42";
const UI = "http://127.0.0.1:4000";

beforeAll(async () => {
  kratos = await startKratos();
});
afterAll(() => kratos.close());

const url = (path: string) => `${kratos.publicUrl}${path.replace(/^\//, "")}`;
let counter = 0;
const uniqueEmail = () => `code-${++counter}-${Date.now()}@example.com`;

// biome-ignore lint/suspicious/noExplicitAny: flow JSON is checked against the spec, then read freely.
type Json = any;

/** Asserts the response conforms to the spec and returns its parsed body. */
async function conforms(path: string, method: string, response: Response): Promise<Json> {
  const text = await response.text();
  const body = text === "" ? undefined : JSON.parse(text);
  expect(specProblems(path, method, response.status, body)).toEqual([]);
  return body;
}

const node = (flow: Json, name: string, type?: string) =>
  flow.ui.nodes.find(
    (n: Json) => n.attributes.name === name && (!type || n.attributes.type === type),
  );
const csrfOf = (flow: Json): string => node(flow, "csrf_token")?.attributes.value;
const messageIds = (flow: Json): number[] => (flow.ui.messages ?? []).map((m: Json) => m.id);

/** An SPA: JSON both ways, with the browser's cookies. */
class Spa {
  readonly jar = new CookieJar();

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

  async start(kind: "recovery" | "verification"): Promise<Json> {
    const response = await this.get(`/self-service/${kind}/browser`);
    expect(response.status).toBe(200);
    return conforms(`/self-service/${kind}/browser`, "get", response);
  }

  submit(kind: "recovery" | "verification", flow: Json, fields: Record<string, unknown>) {
    return this.post(`/self-service/${kind}?flow=${flow.id}`, {
      csrf_token: csrfOf(flow),
      ...fields,
    });
  }
}

function api(path: string, init: { method?: string; json?: unknown; token?: string } = {}) {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (init.json !== undefined) headers["Content-Type"] = "application/json";
  if (init.token) headers["X-Session-Token"] = init.token;
  return fetch(url(path), {
    method: init.method,
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
    redirect: "manual",
  });
}

/** Signs up over the API; registration mails a verification code to the address. */
async function register(email = uniqueEmail()) {
  const flow = await (await api("/self-service/registration/api")).json();
  const response = await api(`/self-service/registration?flow=${flow.id}`, {
    method: "POST",
    json: { method: "password", password: PASSWORD, traits: { email, name: "Code Person" } },
  });
  expect(response.status).toBe(200);
  const body = await response.json();
  return { email, body, identityId: body.identity.id as string };
}

async function passwordWorks(email: string, password: string): Promise<boolean> {
  const flow = await (await api("/self-service/login/api")).json();
  const response = await api(`/self-service/login?flow=${flow.id}`, {
    method: "POST",
    json: { method: "password", identifier: email, password },
  });
  return response.status === 200;
}

async function identity(identityId: string): Promise<Json> {
  return (await fetch(`${kratos.adminUrl}admin/identities/${identityId}`)).json();
}

/** An admin JSON Patch of the identity, checked against the spec. */
async function patchIdentity(identityId: string, patch: unknown[]): Promise<Json> {
  const response = await fetch(`${kratos.adminUrl}admin/identities/${identityId}`, {
    method: "PATCH",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(patch),
  });
  expect(response.status).toBe(200);
  return conforms("/admin/identities/{id}", "patch", response);
}

async function sessionCount(identityId: string): Promise<number> {
  const response = await fetch(`${kratos.adminUrl}admin/identities/${identityId}/sessions`);
  return (await response.json()).length;
}

/** A recovery flow of an SPA that has mailed a code to `email`; returns it and the code. */
async function recoveryCodeSent(spa: Spa, email: string) {
  const flow = await (
    await spa.submit("recovery", await spa.start("recovery"), { method: "code", email })
  ).json();
  return { flow, code: await latestCode(kratos.mailApiUrl, email) };
}

describe("recovery (code method)", () => {
  test("a browser flow starts at choose_method with the email form, as Kratos renders it", async () => {
    const flow = await new Spa().start("recovery");
    expect(flow).toMatchObject({ type: "browser", state: "choose_method", active: "code" });
    expect(flow.ui.action).toBe(url(`/self-service/recovery?flow=${flow.id}`));
    expect(flow.ui.nodes.map((n: Json) => [n.group, n.attributes.name, n.attributes.type])).toEqual(
      [
        ["default", "csrf_token", "hidden"],
        ["code", "email", "email"],
        ["code", "method", "submit"],
      ],
    );
    expect(node(flow, "email").meta.label).toEqual({ id: 1070007, text: "Email", type: "info" });
    expect(node(flow, "method").meta.label.id).toBe(1070009);
  });

  test("SPA end to end: code from the mail, privileged session, settings flow, new password", async () => {
    const { email } = await register();
    const spa = new Spa();
    const flow = await spa.start("recovery");
    const sent = await spa.submit("recovery", flow, { method: "code", email });
    const sentFlow = await conforms("/self-service/recovery", "post", sent);
    expect(sent.status).toBe(200);
    expect(sentFlow.state).toBe("sent_email");
    expect(sentFlow.ui.messages).toEqual([
      {
        id: 1060003,
        text: "An email containing a recovery code has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.",
        type: "info",
      },
    ]);
    expect(node(sentFlow, "code").attributes).toMatchObject({
      type: "text",
      required: true,
      pattern: "[0-9]+",
      maxlength: 6,
    });
    expect(node(sentFlow, "email", "submit").attributes.value).toBe(email);
    expect(node(sentFlow, "email", "submit").meta.label.id).toBe(1070008);

    const [mail] = await readMail(kratos.mailApiUrl, { to: email });
    const code = await latestCode(kratos.mailApiUrl, email);
    expect(mail.subject).toBe(`Use code ${code} to recover access to your account`);
    expect(mail.text).toContain("This code expires in 60 minutes.");

    const done = await spa.submit("recovery", sentFlow, { method: "code", code });
    const doneFlow = await conforms("/self-service/recovery", "post", done);
    expect(done.status).toBe(200);
    expect(doneFlow.state).toBe("passed_challenge");
    const [showSettings] = doneFlow.continue_with;
    expect(showSettings).toEqual({
      action: "show_settings_ui",
      flow: { id: expect.any(String), url: `${UI}/settings?flow=${showSettings.flow.id}` },
    });
    expect(spa.jar.cookies.has("ory_kratos_session")).toBe(true);

    const whoami = await (await spa.get("/sessions/whoami")).json();
    expect(whoami.authentication_methods.map((m: Json) => m.method)).toEqual(["code_recovery"]);
    // The code arrived at the address, so recovery verified it too.
    expect(whoami.identity.verifiable_addresses[0]).toMatchObject({
      verified: true,
      status: "completed",
      verified_at: expect.any(String),
    });

    const settings = await conforms(
      "/self-service/settings/flows",
      "get",
      await spa.get(`/self-service/settings/flows?id=${showSettings.flow.id}`),
    );
    expect(messageIds(settings)).toEqual([1060001]);
    expect(settings.ui.messages[0].text).toMatch(
      /^You successfully recovered your account\. Please change your password .* within the next \d+\.\d\d minutes\.$/,
    );
    const saved = await spa.post(`/self-service/settings?flow=${settings.id}`, {
      csrf_token: csrfOf(settings),
      method: "password",
      password: NEW_PASSWORD,
    });
    expect(saved.status).toBe(200);
    expect(await passwordWorks(email, NEW_PASSWORD)).toBe(true);
    expect(await passwordWorks(email, PASSWORD)).toBe(false);
  });

  test("HTML forms: 303s to the recovery UI, then to the settings UI with a session", async () => {
    const { email } = await register();
    const jar = new CookieJar();
    const start = await browserFetch(jar, url("/self-service/recovery/browser"));
    expect(start.status).toBe(303);
    const flowId = new URL(start.headers.get("location") as string).searchParams.get("flow");
    expect(start.headers.get("location")).toBe(`${UI}/recovery?flow=${flowId}`);
    const read = () =>
      browserFetch(jar, url(`/self-service/recovery/flows?id=${flowId}`), {
        headers: { Accept: "application/json" },
      }).then((r) => r.json());
    const form = (fields: Record<string, string>) =>
      browserFetch(jar, url(`/self-service/recovery?flow=${flowId}`), {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields).toString(),
      });

    const flow = await read();
    const sent = await form({ csrf_token: csrfOf(flow), method: "code", email });
    expect(sent.status).toBe(303);
    expect(sent.headers.get("location")).toBe(`${UI}/recovery?flow=${flowId}`);

    const code = await latestCode(kratos.mailApiUrl, email);
    const done = await form({ csrf_token: csrfOf(await read()), method: "code", code });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toMatch(new RegExp(`^${UI}/settings\\?flow=`));
    expect(jar.cookies.has("ory_kratos_session")).toBe(true);
  });

  test("native apps get the session token and the settings flow in continue_with", async () => {
    const { email } = await register();
    const flow = await conforms(
      "/self-service/recovery/api",
      "get",
      await api("/self-service/recovery/api"),
    );
    expect(flow.type).toBe("api");
    const submit = (json: unknown) =>
      api(`/self-service/recovery?flow=${flow.id}`, { method: "POST", json });
    await conforms("/self-service/recovery", "post", await submit({ method: "code", email }));
    const code = await latestCode(kratos.mailApiUrl, email);
    const done = await conforms(
      "/self-service/recovery",
      "post",
      await submit({ method: "code", code }),
    );
    const [setToken, showSettings] = done.continue_with;
    expect(setToken.action).toBe("set_ory_session_token");
    expect(showSettings.action).toBe("show_settings_ui");
    const whoami = await api("/sessions/whoami", { token: setToken.ory_session_token });
    expect(whoami.status).toBe(200);
    const settings = await api(`/self-service/settings/flows?id=${showSettings.flow.id}`, {
      token: setToken.ory_session_token,
    });
    expect(settings.status).toBe(200);
  });

  test("a wrong code answers 4060006 on the same flow; the right one still works", async () => {
    const { email } = await register();
    const spa = new Spa();
    const flow = await (
      await spa.submit("recovery", await spa.start("recovery"), {
        method: "code",
        email,
      })
    ).json();
    const wrong = await spa.submit("recovery", flow, { method: "code", code: "000000" });
    const wrongFlow = await conforms("/self-service/recovery", "post", wrong);
    expect(wrong.status).toBe(200);
    expect(wrongFlow.id).toBe(flow.id);
    expect(wrongFlow.ui.messages).toEqual([
      {
        id: 4060006,
        text: "The recovery code is invalid or has already been used. Please try again.",
        type: "error",
      },
    ]);
    const code = await latestCode(kratos.mailApiUrl, email);
    const right = await spa.submit("recovery", wrongFlow, { method: "code", code });
    expect((await right.json()).state).toBe("passed_challenge");
  });

  test("after five tries the flow takes no code, even the right one, and a new flow replaces it", async () => {
    const { email } = await register();
    const spa = new Spa();
    const flow = await (
      await spa.submit("recovery", await spa.start("recovery"), {
        method: "code",
        email,
      })
    ).json();
    for (let i = 0; i < 5; i++) {
      await spa.submit("recovery", flow, { method: "code", code: "999999" });
    }
    const code = await latestCode(kratos.mailApiUrl, email);
    const blocked = await spa.submit("recovery", flow, { method: "code", code });
    const body = await blocked.json();
    expect(blocked.status).toBe(400);
    // The spec documents this 400 as a recovery flow, but Kratos answers an error carrying
    // continue_with (flow.ErrorWithContinueWith); its `error` is the generic error schema.
    expect(specProblems("/self-service/recovery", "post", 410, { error: body.error })).toEqual([]);
    expect(body.error.reason).toBe(
      "The request was submitted too often. Please request another code.",
    );
    expect(body.continue_with[0].action).toBe("show_recovery_ui");
    expect(body.continue_with[0].flow.id).not.toBe(flow.id);
    expect(spa.jar.cookies.has("ory_kratos_session")).toBe(false);
  });

  test("an unknown address is answered exactly like a known one, and gets no code", async () => {
    const { email: known } = await register();
    const unknown = uniqueEmail();
    const answer = async (email: string) => {
      const spa = new Spa();
      const flow = await spa.start("recovery");
      const response = await spa.submit("recovery", flow, { method: "code", email });
      const body = await response.json();
      return {
        status: response.status,
        state: body.state,
        messages: body.ui.messages,
        nodes: body.ui.nodes.map((n: Json) => [n.attributes.name, n.attributes.type]),
      };
    };
    expect(await answer(unknown)).toEqual(await answer(known));
    expect(await readMail(kratos.mailApiUrl, { to: unknown })).toEqual([]);
  });

  test("notify_unknown_recipients mails the unknown address that nobody has that account", async () => {
    const notifying = await startKratos({
      edit: (raw) => {
        raw.selfservice.flows.recovery.notify_unknown_recipients = true;
      },
    });
    try {
      const email = uniqueEmail();
      const start = await fetch(`${notifying.publicUrl}self-service/recovery/api`);
      const flow = await start.json();
      await fetch(`${notifying.publicUrl}self-service/recovery?flow=${flow.id}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ method: "code", email }),
      });
      const [mail] = await readMail(notifying.mailApiUrl, { to: email });
      expect(mail.subject).toBe("Account access attempted");
      expect(mail.text).not.toMatch(/\d{6}/);
    } finally {
      await notifying.close();
    }
  });

  test("a missing email is a 400 with 4000002 on the email field", async () => {
    const spa = new Spa();
    const flow = await spa.start("recovery");
    const response = await spa.submit("recovery", flow, { method: "code", email: "" });
    const body = await conforms("/self-service/recovery", "post", response);
    expect(response.status).toBe(400);
    expect(node(body, "email").messages.map((m: Json) => m.id)).toEqual([4000002]);
  });

  test("signed-in callers cannot start recovery", async () => {
    const { body } = await register();
    const response = await api("/self-service/recovery/api", { token: body.session_token });
    const error = await conforms("/self-service/recovery/api", "get", response);
    expect(response.status).toBe(400);
    expect(error.error.id).toBe("session_already_available");
  });

  test("an expired flow is replaced by one saying so (4060005)", async () => {
    const { email } = await register();
    const spa = new Spa();
    const flow = await (
      await spa.submit("recovery", await spa.start("recovery"), {
        method: "code",
        email,
      })
    ).json();
    kratos.clock.advance(61 * 60_000);
    const code = await latestCode(kratos.mailApiUrl, email);
    const response = await spa.submit("recovery", flow, { method: "code", code });
    // SPAs are sent to read the replacement flow.
    expect(response.status).toBe(303);
    const next = await spa.get(
      new URL(response.headers.get("location") as string).pathname +
        new URL(response.headers.get("location") as string).search,
    );
    const replacement = await conforms("/self-service/recovery/flows", "get", next);
    expect(replacement.id).not.toBe(flow.id);
    expect(messageIds(replacement)).toEqual([4060005]);
    expect(spa.jar.cookies.has("ory_kratos_session")).toBe(false);

    const expiredRead = await spa.get(`/self-service/recovery/flows?id=${flow.id}`);
    await conforms("/self-service/recovery/flows", "get", expiredRead);
    expect(expiredRead.status).toBe(410);
  });

  test("a code mailed to an address the identity no longer has is invalid (4060006), even if the address comes back", async () => {
    const { email, identityId } = await register();
    const spa = new Spa();
    const { flow, code } = await recoveryCodeSent(spa, email);
    await patchIdentity(identityId, [
      { op: "replace", path: "/traits/email", value: uniqueEmail() },
    ]);

    const stale = await spa.submit("recovery", flow, { method: "code", code });
    const staleFlow = await conforms("/self-service/recovery", "post", stale);
    expect(stale.status).toBe(200);
    expect(staleFlow).toMatchObject({ id: flow.id, state: "sent_email" });
    expect(messageIds(staleFlow)).toEqual([4060006]);

    // Kratos deleted the address row and its codes with it; a new row does not revive them.
    await patchIdentity(identityId, [{ op: "replace", path: "/traits/email", value: email }]);
    const again = await spa.submit("recovery", staleFlow, { method: "code", code });
    expect(messageIds(await conforms("/self-service/recovery", "post", again))).toEqual([4060006]);
    expect(spa.jar.cookies.has("ory_kratos_session")).toBe(false);
  });

  test("an update that keeps the address keeps its code", async () => {
    const { email, identityId } = await register();
    const spa = new Spa();
    const { flow, code } = await recoveryCodeSent(spa, email);
    await patchIdentity(identityId, [{ op: "replace", path: "/traits/name", value: "Renamed" }]);
    const done = await spa.submit("recovery", flow, { method: "code", code });
    expect((await conforms("/self-service/recovery", "post", done)).state).toBe("passed_challenge");
  });

  test("an inactive identity gets no session: 401 identity disabled for SPAs and native apps", async () => {
    for (const client of ["spa", "native"] as const) {
      const { email, identityId } = await register();
      const spa = new Spa();
      const submit =
        client === "spa"
          ? (flow: Json, fields: Record<string, unknown>) => spa.submit("recovery", flow, fields)
          : (flow: Json, fields: Record<string, unknown>) =>
              api(`/self-service/recovery?flow=${flow.id}`, { method: "POST", json: fields });
      const started =
        client === "spa"
          ? await spa.start("recovery")
          : await (await api("/self-service/recovery/api")).json();
      const flow = await (await submit(started, { method: "code", email })).json();
      const code = await latestCode(kratos.mailApiUrl, email);
      await patchIdentity(identityId, [{ op: "replace", path: "/state", value: "inactive" }]);
      const sessionsBefore = await sessionCount(identityId);

      const refused = await submit(flow, { method: "code", code });
      const body = await conforms("/self-service/recovery", "post", refused);
      expect(refused.status).toBe(401);
      expect(body.error).toEqual({
        code: 401,
        status: "Unauthorized",
        reason: "This account was disabled.",
        message: "identity is disabled",
        details: { identity_id: identityId },
      });
      expect(spa.jar.cookies.has("ory_kratos_session")).toBe(false);
      expect(await sessionCount(identityId)).toBe(sessionsBefore);
      // As in Kratos, the code was good: it proved the address before the session failed.
      expect((await identity(identityId)).verifiable_addresses[0].verified).toBe(true);
    }
  });

  test("HTML forms: an inactive identity's recovery ends on the error UI", async () => {
    const { email, identityId } = await register();
    const jar = new CookieJar();
    const start = await browserFetch(jar, url("/self-service/recovery/browser"));
    const flowId = new URL(start.headers.get("location") as string).searchParams.get("flow");
    const read = () =>
      browserFetch(jar, url(`/self-service/recovery/flows?id=${flowId}`), {
        headers: { Accept: "application/json" },
      }).then((r) => r.json());
    const form = async (fields: Record<string, string>) =>
      browserFetch(jar, url(`/self-service/recovery?flow=${flowId}`), {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrf_token: csrfOf(await read()), ...fields }).toString(),
      });
    await form({ method: "code", email });
    const code = await latestCode(kratos.mailApiUrl, email);
    await patchIdentity(identityId, [{ op: "replace", path: "/state", value: "inactive" }]);

    const refused = await form({ method: "code", code });
    expect(refused.status).toBe(303);
    const location = new URL(refused.headers.get("location") as string);
    expect(location.origin + location.pathname).toBe(`${UI}/error`);
    const stored = await fetch(url(`/self-service/errors?id=${location.searchParams.get("id")}`));
    const error = await conforms("/self-service/errors", "get", stored);
    expect(error.error).toMatchObject({ code: 401, details: { identity_id: identityId } });
    expect(jar.cookies.has("ory_kratos_session")).toBe(false);
  });
});

describe("verification (code method)", () => {
  test("registration mails a code; entering it verifies the address", async () => {
    const { email, body, identityId } = await register();
    const show = body.continue_with.find((c: Json) => c.action === "show_verification_ui");
    expect(show.flow).toEqual({ id: expect.any(String), verifiable_address: email });
    expect((await identity(identityId)).verifiable_addresses[0]).toMatchObject({
      verified: false,
      status: "sent",
    });

    const flow = await conforms(
      "/self-service/verification/flows",
      "get",
      await api(`/self-service/verification/flows?id=${show.flow.id}`),
    );
    expect(flow.state).toBe("sent_email");
    expect(messageIds(flow)).toEqual([1080003]);
    expect(node(flow, "email", "submit").attributes.value).toBe(email);

    const [mail] = await readMail(kratos.mailApiUrl, { to: email });
    const code = await latestCode(kratos.mailApiUrl, email);
    expect(mail.subject).toBe(`Use code ${code} to verify your account`);
    expect(mail.text).toContain(
      url(`/self-service/verification?flow=${show.flow.id}&code=${code}`),
    );

    const done = await api(`/self-service/verification?flow=${show.flow.id}`, {
      method: "POST",
      json: { method: "code", code },
    });
    const doneFlow = await conforms("/self-service/verification", "post", done);
    expect(done.status).toBe(200);
    expect(doneFlow.state).toBe("passed_challenge");
    expect(doneFlow.ui.messages).toEqual([
      { id: 1080002, text: "You successfully verified your email address.", type: "success" },
    ]);
    const anchor = doneFlow.ui.nodes.find((n: Json) => n.type === "a");
    expect(anchor.attributes).toMatchObject({ id: "continue", href: `${UI}/` });

    const verified = (await identity(identityId)).verifiable_addresses[0];
    expect(verified).toMatchObject({ verified: true, status: "completed" });
    expect(Date.parse(verified.verified_at)).not.toBeNaN();
  });

  test("a browser asks for a code by address; a wrong code is 4070006", async () => {
    const { email } = await register();
    const spa = new Spa();
    const flow = await spa.start("verification");
    expect(flow.ui.nodes.map((n: Json) => n.attributes.name)).toEqual([
      "email",
      "method",
      "csrf_token",
    ]);
    const sent = await spa.submit("verification", flow, { method: "code", email });
    const sentFlow = await conforms("/self-service/verification", "post", sent);
    expect(sentFlow.state).toBe("sent_email");
    const wrong = await spa.submit("verification", sentFlow, { method: "code", code: "000000" });
    const wrongFlow = await conforms("/self-service/verification", "post", wrong);
    expect(messageIds(wrongFlow)).toEqual([4070006]);
    const code = await latestCode(kratos.mailApiUrl, email);
    const right = await spa.submit("verification", wrongFlow, { method: "code", code });
    expect((await right.json()).state).toBe("passed_challenge");
  });

  test("the mail's link opens the flow with the code filled in", async () => {
    const { email, body } = await register();
    const show = body.continue_with.find((c: Json) => c.action === "show_verification_ui");
    const code = await latestCode(kratos.mailApiUrl, email);
    const link = await fetch(url(`/self-service/verification?flow=${show.flow.id}&code=${code}`), {
      redirect: "manual",
    });
    expect(link.status).toBe(303);
    expect(link.headers.get("location")).toBe(`${UI}/verification?flow=${show.flow.id}`);
    const flow = await (await api(`/self-service/verification/flows?id=${show.flow.id}`)).json();
    expect(node(flow, "code").attributes.value).toBe(code);
  });

  test("a code mailed to an address the settings flow replaced is invalid (4070006)", async () => {
    const { email, body, identityId } = await register();
    const show = body.continue_with.find((c: Json) => c.action === "show_verification_ui");
    const code = await latestCode(kratos.mailApiUrl, email);
    const token = body.session_token;
    const settings = await (await api("/self-service/settings/api", { token })).json();
    const changed = await api(`/self-service/settings?flow=${settings.id}`, {
      method: "POST",
      token,
      json: { method: "profile", traits: { email: uniqueEmail(), name: "Code Person" } },
    });
    expect(changed.status).toBe(200);

    const stale = await api(`/self-service/verification?flow=${show.flow.id}`, {
      method: "POST",
      json: { method: "code", code },
    });
    const staleFlow = await conforms("/self-service/verification", "post", stale);
    expect(stale.status).toBe(200);
    expect(staleFlow.state).toBe("sent_email");
    expect(staleFlow.ui.messages).toEqual([
      {
        id: 4070006,
        text: "The verification code is invalid or has already been used. Please try again.",
        type: "error",
      },
    ]);
    const addresses = (await identity(identityId)).verifiable_addresses;
    expect(addresses.map((a: Json) => [a.value === email, a.verified])).toEqual([[false, false]]);
  });
});

describe("disabled flows", () => {
  let disabled: RunningKratos;
  beforeAll(async () => {
    disabled = await startKratos({
      edit: (raw) => {
        raw.selfservice.flows.recovery.enabled = false;
        raw.selfservice.flows.verification.enabled = false;
      },
    });
  });
  afterAll(() => disabled.close());

  for (const [kind, noun] of [
    ["recovery", "Recovery"],
    ["verification", "Verification"],
  ] as const) {
    test(`${kind}: JSON callers get a 400, browsers the error UI`, async () => {
      const json = await fetch(`${disabled.publicUrl}self-service/${kind}/api`, {
        headers: { Accept: "application/json" },
      });
      const body = await conforms(`/self-service/${kind}/api`, "get", json);
      expect(json.status).toBe(400);
      expect(body.error.reason).toBe(`${noun} is not allowed because it was disabled.`);

      const browser = await fetch(`${disabled.publicUrl}self-service/${kind}/browser`, {
        redirect: "manual",
      });
      expect(browser.status).toBe(303);
      expect(browser.headers.get("location")).toMatch(new RegExp(`^${UI}/error\\?id=`));
    });
  }

  test("registration then mails nothing and names no verification flow", async () => {
    const email = uniqueEmail();
    const flow = await (await fetch(`${disabled.publicUrl}self-service/registration/api`)).json();
    const response = await fetch(`${disabled.publicUrl}self-service/registration?flow=${flow.id}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        method: "password",
        password: PASSWORD,
        traits: { email, name: "Quiet" },
      }),
    });
    const body = await response.json();
    expect(body.continue_with.map((c: Json) => c.action)).toEqual(["set_ory_session_token"]);
    expect(await readMail(disabled.mailApiUrl, { to: email })).toEqual([]);
  });
});
