import { Configuration, FrontendApi, IdentityApi } from "@ory/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { browserFetch, CookieJar, type RunningKratos, startKratos } from "./testing/harness.ts";

// The unmodified Ory SDK against the emulator: native flows for a non-browser client,
// session checks as a GraphQL server does them, and the admin identity API.

let kratos: RunningKratos;
let frontend: FrontendApi;
let identities: IdentityApi;
const PASSWORD = "correct horse battery staple";

beforeAll(async () => {
  kratos = await startKratos();
  frontend = new FrontendApi(new Configuration({ basePath: kratos.publicUrl.replace(/\/$/, "") }));
  identities = new IdentityApi(new Configuration({ basePath: kratos.adminUrl.replace(/\/$/, "") }));
});
afterAll(() => kratos.close());

/** The HTTP response of an SDK call that must fail (the SDK rejects with axios errors). */
async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    // biome-ignore lint/suspicious/noExplicitAny: axios' error shape, without importing axios.
    const response = (error as { response?: { status: number; data: any } }).response;
    if (response) return response;
    throw error;
  }
  throw new Error("expected the call to fail");
}

let counter = 0;
const uniqueEmail = () => `sdk-${++counter}-${Date.now()}@example.com`;

async function registerNative(email: string) {
  const { data: flow } = await frontend.createNativeRegistrationFlow();
  const { data } = await frontend.updateRegistrationFlow({
    flow: flow.id,
    updateRegistrationFlowBody: {
      method: "password",
      password: PASSWORD,
      traits: { email, name: "Sdk User" },
    },
  });
  return data;
}

describe("FrontendApi native flows", () => {
  test("register, log in, and check the session token with toSession", async () => {
    const email = uniqueEmail();
    const registration = await registerNative(email);
    expect(registration.identity.traits).toEqual({ email, name: "Sdk User" });
    expect(registration.session_token).toMatch(/^ory_st_[A-Za-z0-9]{32}$/);
    expect(registration.continue_with).toEqual([
      { action: "set_ory_session_token", ory_session_token: registration.session_token },
      {
        action: "show_verification_ui",
        flow: { id: expect.any(String), verifiable_address: email },
      },
    ]);

    const { data: loginFlow } = await frontend.createNativeLoginFlow();
    expect(loginFlow.type).toBe("api");
    expect(
      loginFlow.ui.nodes.some((n) => "name" in n.attributes && n.attributes.name === "csrf_token"),
    ).toBe(false);
    const { data: login } = await frontend.updateLoginFlow({
      flow: loginFlow.id,
      updateLoginFlowBody: { method: "password", identifier: email, password: PASSWORD },
    });
    expect(login.session_token).toBeDefined();

    const { data: session, headers } = await frontend.toSession({
      xSessionToken: login.session_token,
    });
    expect(session.active).toBe(true);
    expect(session.identity?.traits.email).toBe(email);
    expect(session.identity?.id).toBe(registration.identity.id);
    expect(headers["x-kratos-authenticated-identity-id"]).toBe(registration.identity.id);
    // whoami never exposes credentials or admin metadata.
    expect(session.identity?.credentials).toBeUndefined();
    expect(session.identity).not.toHaveProperty("metadata_admin");
  });

  test("wrong password rejects with the flow and Kratos' message", async () => {
    const email = uniqueEmail();
    await registerNative(email);
    const { data: flow } = await frontend.createNativeLoginFlow();
    const response = await rejection(
      frontend.updateLoginFlow({
        flow: flow.id,
        updateLoginFlowBody: {
          method: "password",
          identifier: email,
          password: "wrong password here",
        },
      }),
    );
    expect(response?.status).toBe(400);
    expect(response?.data.ui.messages[0].id).toBe(4000006);
  });

  test("toSession: 401 without credentials, Bearer and forwarded cookies work", async () => {
    const anonymous = await rejection(frontend.toSession());
    expect(anonymous?.status).toBe(401);
    expect(anonymous?.data).toEqual({
      error: {
        code: 401,
        status: "Unauthorized",
        reason: "No valid session credentials found in the request.",
        message: "The request could not be authorized",
      },
    });

    const { session_token: token } = await registerNative(uniqueEmail());
    const { data: viaBearer } = await frontend.toSession(undefined, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(viaBearer.active).toBe(true);

    // A GraphQL server forwards the browser's Cookie header.
    const jar = new CookieJar();
    const flow = await (
      await browserFetch(jar, `${kratos.publicUrl}self-service/registration/browser`, {
        headers: { Accept: "application/json" },
      })
    ).json();
    const csrf = flow.ui.nodes.find(
      (n: { attributes: { name: string } }) => n.attributes.name === "csrf_token",
    ).attributes.value;
    await browserFetch(jar, `${kratos.publicUrl}self-service/registration?flow=${flow.id}`, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify({
        method: "password",
        csrf_token: csrf,
        password: PASSWORD,
        traits: { email: uniqueEmail(), name: "Browser" },
      }),
    });
    const { data: viaCookie } = await frontend.toSession({ cookie: jar.header() });
    expect(viaCookie.identity?.traits.name).toBe("Browser");

    const tampered = jar
      .header()
      .replace(/ory_kratos_session=[^;]+/, "ory_kratos_session=forged.value");
    expect((await rejection(frontend.toSession({ cookie: tampered })))?.status).toBe(401);
  });

  test("native logout revokes the token", async () => {
    const { session_token: token } = await registerNative(uniqueEmail());
    await frontend.performNativeLogout({
      performNativeLogoutBody: { session_token: token as string },
    });
    expect((await rejection(frontend.toSession({ xSessionToken: token })))?.status).toBe(401);
  });

  test("sessions expire after session.lifespan", async () => {
    const { session_token: token } = await registerNative(uniqueEmail());
    kratos.clock.advance(24 * 3_600_000 + 1000);
    expect((await rejection(frontend.toSession({ xSessionToken: token })))?.status).toBe(401);
  });
});

describe("IdentityApi (admin)", () => {
  test("create, find by identifier, read, and delete an identity", async () => {
    const email = uniqueEmail();
    const { data: created, headers } = await identities.createIdentity({
      createIdentityBody: {
        schema_id: "default",
        traits: { email, name: "Admin Created" },
        credentials: { password: { config: { password: PASSWORD } } },
        metadata_public: { plan: "free" },
      },
    });
    expect(headers.location).toBe(`${kratos.adminUrl}identities/${created.id}`);
    expect(created.credentials?.password?.identifiers).toEqual([email]);
    expect(created.credentials?.password).not.toHaveProperty("config");

    const { data: found } = await identities.listIdentities({
      credentialsIdentifier: email.toUpperCase(),
    });
    expect(found.map((i) => i.id)).toEqual([created.id]);
    const { data: none } = await identities.listIdentities({
      credentialsIdentifier: "nobody@example.com",
    });
    expect(none).toEqual([]);

    const { data: read } = await identities.getIdentity({ id: created.id });
    expect(read.metadata_public).toEqual({ plan: "free" });
    const { data: withHash } = await identities.getIdentity({
      id: created.id,
      includeCredential: ["password"],
    });
    expect(JSON.stringify(withHash.credentials?.password?.config)).toMatch(/\$2[aby]\$/);

    // The imported password works for login.
    const { data: flow } = await frontend.createNativeLoginFlow();
    await frontend.updateLoginFlow({
      flow: flow.id,
      updateLoginFlowBody: { method: "password", identifier: email, password: PASSWORD },
    });

    await identities.deleteIdentity({ id: created.id });
    expect((await rejection(identities.getIdentity({ id: created.id })))?.status).toBe(404);
  });

  test("duplicates conflict and invalid traits are refused", async () => {
    const email = uniqueEmail();
    await identities.createIdentity({
      createIdentityBody: { schema_id: "default", traits: { email, name: "One" } },
    });
    const conflict = await rejection(
      identities.createIdentity({
        createIdentityBody: { schema_id: "default", traits: { email, name: "Two" } },
      }),
    );
    expect(conflict?.status).toBe(409);
    expect(conflict?.data.error.reason).toBe(
      "This identity conflicts with another identity that already exists.",
    );
    const invalid = await rejection(
      identities.createIdentity({
        createIdentityBody: { schema_id: "default", traits: { name: "No Email" } },
      }),
    );
    expect(invalid?.status).toBe(400);
  });

  test("list, inspect and revoke an identity's sessions", async () => {
    const registration = await registerNative(uniqueEmail());
    const identityId = registration.identity.id;
    const { data: sessions } = await identities.listIdentitySessions({ id: identityId });
    expect(sessions.map((s) => s.id)).toEqual([registration.session?.id]);

    const { data: session } = await identities.getSession({
      id: sessions[0].id,
      expand: ["identity"],
    });
    expect(session.identity?.id).toBe(identityId);

    await identities.deleteIdentitySessions({ id: identityId });
    const { data: active } = await identities.listIdentitySessions({
      id: identityId,
      active: true,
    });
    expect(active).toEqual([]);
    expect(
      (await rejection(frontend.toSession({ xSessionToken: registration.session_token })))?.status,
    ).toBe(401);
  });
});
