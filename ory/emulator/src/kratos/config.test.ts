import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { kratosConfigFromObject, loadKratosConfig } from "./config.ts";
import { parseDuration } from "./duration.ts";
import { kratosConfigDir } from "./testing/harness.ts";

describe("loadKratosConfig", () => {
  test("reads the project's kratos.yml with Kratos' defaults filled in", async () => {
    const config = await loadKratosConfig(resolve(kratosConfigDir, "kratos.yml"));
    expect(config).toMatchObject({
      publicPort: 4433,
      adminPort: 4434,
      publicBaseUrl: "http://127.0.0.1:4433/",
      adminBaseUrl: "http://127.0.0.1:4434/",
      defaultBrowserReturnUrl: "http://127.0.0.1:4000/",
      flows: {
        login: { uiUrl: "http://127.0.0.1:4000/login", lifespanMs: 3_600_000 },
        registration: { style: "unified", issueSession: true },
        settings: { privilegedSessionMaxAgeMs: 15 * 60_000 },
      },
      session: {
        lifespanMs: 86_400_000,
        cookie: { name: "ory_kratos_session", sameSite: "Lax", secure: false, path: "/" },
      },
      bcryptCost: 12,
      password: { minLength: 8, identifierSimilarityCheck: true },
    });
    expect(config.cors.enabled).toBe(true);
    expect(config.cors.allowedOrigins).toContain("http://127.0.0.1:5173");
    // Defaults for keys the file leaves out.
    expect(config.cors.allowedHeaders).toContain("X-Session-Token");
  });

  const minimal = {
    selfservice: { default_browser_return_url: "http://127.0.0.1:4000/" },
    identity: { schemas: [{ id: "default", url: "file://identity.schema.json" }] },
  };

  test("unknown keys are ignored and cookies are Secure outside dev mode", () => {
    const config = kratosConfigFromObject(
      { ...minimal, courier: { anything: true } },
      kratosConfigDir,
    );
    expect(config.session.cookie.secure).toBe(true);
    expect(config.flows.registration.style).toBe("profile_first");
    expect(config.flows.registration.issueSession).toBe(false);
  });

  test.each([
    [{ session: { lifespan: "one day" } }, '"session.lifespan" must be a duration'],
    [{ serve: { public: { port: "4433" } } }, '"serve.public.port" must be an integer'],
    [
      { serve: { public: { base_url: "not a url" } } },
      '"serve.public.base_url" must be an absolute URL',
    ],
    [
      { hashers: { bcrypt: { cost: 2 } } },
      '"hashers.bcrypt.cost" must be an integer between 4 and 31',
    ],
    [
      { selfservice: { flows: { registration: { style: "two_step" } } } },
      '"selfservice.flows.registration.style" must be one of',
    ],
    [{ identity: { schemas: [] } }, '"identity.schemas" must list at least one'],
  ])("invalid values name their key: %j", (patch, message) => {
    const raw = structuredClone(minimal) as Record<string, unknown>;
    for (const [key, value] of Object.entries(patch)) {
      raw[key] = { ...(raw[key] as object), ...(value as object) };
    }
    expect(() => kratosConfigFromObject(raw, kratosConfigDir)).toThrow(message);
  });
});

test("Go durations", () => {
  expect(parseDuration("1h30m")).toBe(5_400_000);
  expect(parseDuration("500ms")).toBe(500);
  expect(parseDuration("10")).toBeUndefined();
});
