import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, repoRoot } from "./config.ts";

function errorFor(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("loadConfig", () => {
  it("defaults to the embedded stack on port 4000", () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(4000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.ory).toBeUndefined();
    expect(config.dataDir).toBe(path.join(repoRoot, ".data"));
  });

  it("bounds concurrent requests by default, and a queue may be turned off", () => {
    const config = loadConfig({});
    expect([config.MAX_CONCURRENT_REQUESTS, config.MAX_QUEUED_REQUESTS]).toEqual([32, 64]);
    expect(config.REQUEST_QUEUE_TIMEOUT_MS).toBe(1000);
    expect(loadConfig({ MAX_QUEUED_REQUESTS: "0" }).MAX_QUEUED_REQUESTS).toBe(0);
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "" }).PORT).toBe(4000);
  });

  it.each([
    [{ PORT: "abc" }, 'Invalid PORT "abc": expected a port number'],
    [
      { PORT: "70000" },
      'Invalid PORT "70000": expected a port between 0 (any free port) and 65535',
    ],
    [{ PORT: "80.5" }, 'Invalid PORT "80.5": expected an integer port'],
    [{ DATABASE_URL: "mysql://db/app" }, 'Invalid DATABASE_URL "mysql://db/app"'],
    [{ DATABASE_URL: "not a url" }, 'Invalid DATABASE_URL "not a url"'],
    [{ KETO_READ_URL: "ftp://keto" }, 'Invalid KETO_READ_URL "ftp://keto"'],
    [{ LOG_LEVEL: "loud" }, 'Invalid LOG_LEVEL "loud"'],
    [{ NODE_ENV: "staging" }, 'Invalid NODE_ENV "staging"'],
    [{ CORS_ORIGINS: "null" }, 'Invalid CORS_ORIGINS "null"'],
    [{ CORS_ORIGINS: "http://a.test,*" }, 'Invalid CORS_ORIGINS "http://a.test,*"'],
    [{ CORS_ORIGINS: "http://a.test/app" }, 'Invalid CORS_ORIGINS "http://a.test/app"'],
    [
      { MAX_CONCURRENT_REQUESTS: "0" },
      'Invalid MAX_CONCURRENT_REQUESTS "0": expected a positive integer',
    ],
    [{ MAX_QUEUED_REQUESTS: "-1" }, 'Invalid MAX_QUEUED_REQUESTS "-1": expected 0 (no queue)'],
    [{ REQUEST_QUEUE_TIMEOUT_MS: "soon" }, 'Invalid REQUEST_QUEUE_TIMEOUT_MS "soon"'],
    [{ KETO_SHADOW_READ_URL: "keto:4466" }, 'Invalid KETO_SHADOW_READ_URL "keto:4466"'],
  ])("rejects %o with one line naming the variable", (env, expected) => {
    const message = errorFor(env);
    expect(message).toContain(expected);
    expect(message).not.toContain("\n");
  });

  it("never echoes a database password", () => {
    const message = errorFor({ DATABASE_URL: "mysql://app:s3cret@db/app" });
    expect(message).not.toContain("s3cret");
    expect(message).toContain("mysql://app:***@db/app");
  });

  it("wants all four Ory URLs or none", () => {
    expect(errorFor({ KETO_READ_URL: "http://keto:4466" })).toMatch(
      /KETO_READ_URL set but KRATOS_PUBLIC_URL, KRATOS_ADMIN_URL, KETO_WRITE_URL missing/,
    );
    const config = loadConfig({
      KRATOS_PUBLIC_URL: "http://kratos:4433",
      KRATOS_ADMIN_URL: "http://kratos:4434",
      KETO_READ_URL: "http://keto:4466",
      KETO_WRITE_URL: "http://keto:4467",
    });
    expect(config.ory?.ketoWrite).toBe("http://keto:4467");
  });

  it("takes ORY_SDK_URL (Ory Network) for all four, with ORY_API_KEY, never both kinds of URL", () => {
    const network = loadConfig({
      ORY_SDK_URL: "https://project.projects.oryapis.com",
      ORY_API_KEY: "ory_pat_key",
    }).ory;
    expect(network).toEqual({
      kratosPublic: "https://project.projects.oryapis.com",
      kratosAdmin: "https://project.projects.oryapis.com",
      ketoRead: "https://project.projects.oryapis.com",
      ketoWrite: "https://project.projects.oryapis.com",
      apiKey: "ory_pat_key",
    });
    expect(
      errorFor({ ORY_SDK_URL: "https://p.oryapis.com", KETO_READ_URL: "http://keto:4466" }),
    ).toMatch(/^ORY_SDK_URL and the four Ory URLs are alternatives/);
    const lonelyKey = errorFor({ ORY_API_KEY: "ory_pat_s3cret" });
    expect(lonelyKey).toMatch(/^ORY_API_KEY is set but no Ory URL is/);
    expect(lonelyKey).not.toContain("s3cret");
  });

  it("takes a shadow Keto, but not the one the API already asks", () => {
    const ory = {
      KRATOS_PUBLIC_URL: "http://kratos:4433",
      KRATOS_ADMIN_URL: "http://kratos:4434",
      KETO_READ_URL: "http://keto:4466",
      KETO_WRITE_URL: "http://keto:4467",
    };
    expect(loadConfig({}).KETO_SHADOW_READ_URL).toBeUndefined();
    expect(
      loadConfig({ ...ory, KETO_SHADOW_READ_URL: "http://candidate:4466" }).KETO_SHADOW_READ_URL,
    ).toBe("http://candidate:4466");
    expect(errorFor({ ...ory, KETO_SHADOW_READ_URL: "http://keto:4466/" })).toMatch(
      /^KETO_SHADOW_READ_URL is the Keto the API already asks/,
    );
  });

  it("leaves NODE_ENV unset unless it is given", () => {
    expect(loadConfig({}).NODE_ENV).toBeUndefined();
    expect(loadConfig({ NODE_ENV: "development" }).NODE_ENV).toBe("development");
  });

  it("wants a long CURSOR_SECRET and never repeats it", () => {
    const message = errorFor({ CURSOR_SECRET: "tooshort-s3cret" });
    expect(message).toMatch(/^Invalid CURSOR_SECRET: expected at least 32 characters/);
    expect(message).not.toContain("s3cret");
  });

  const realOry = {
    KRATOS_PUBLIC_URL: "http://kratos:4433",
    KRATOS_ADMIN_URL: "http://kratos:4434",
    KETO_READ_URL: "http://keto:4466",
    KETO_WRITE_URL: "http://keto:4467",
  };
  const production = {
    ...realOry,
    NODE_ENV: "production",
    DATABASE_URL: "postgresql://app@db:5432/app",
    CURSOR_SECRET: "x".repeat(32),
  };

  it("in production, names everything missing of PostgreSQL, real Ory and CURSOR_SECRET", () => {
    expect(errorFor({ NODE_ENV: "production" })).toBe(
      "NODE_ENV=production needs DATABASE_URL, KRATOS_PUBLIC_URL, KRATOS_ADMIN_URL, KETO_READ_URL, " +
        "KETO_WRITE_URL (or ORY_SDK_URL), CURSOR_SECRET: production runs on PostgreSQL and real Ory, never on PGlite " +
        "or the Ory emulator; replicas share one CURSOR_SECRET, kept across restarts, or page " +
        "cursors break",
    );
    const { DATABASE_URL: _database, ...withoutDatabase } = production;
    expect(errorFor(withoutDatabase)).toMatch(/^NODE_ENV=production needs DATABASE_URL: /);
    const { CURSOR_SECRET: _secret, ...withoutSecret } = production;
    expect(errorFor(withoutSecret)).toMatch(
      /^NODE_ENV=production needs CURSOR_SECRET: replicas share one CURSOR_SECRET/,
    );
    expect(loadConfig(production).ory?.kratosPublic).toBe("http://kratos:4433");
    const { KRATOS_PUBLIC_URL, KRATOS_ADMIN_URL, KETO_READ_URL, KETO_WRITE_URL, ...network } =
      production;
    const onOryNetwork = loadConfig({ ...network, ORY_SDK_URL: "https://p.oryapis.com" });
    expect(onOryNetwork.ory?.ketoWrite).toBe("https://p.oryapis.com");
  });

  it("requires none of them outside production", () => {
    expect(loadConfig({}).CURSOR_SECRET).toBeUndefined();
    expect(loadConfig({ NODE_ENV: "development" }).DATABASE_URL).toBeUndefined();
  });

  it("serves GraphiQL unless in production, where GRAPHIQL=true turns it on", () => {
    expect(loadConfig({}).GRAPHIQL).toBe(true);
    expect(loadConfig({ GRAPHIQL: "false" }).GRAPHIQL).toBe(false);
    expect(loadConfig(production).GRAPHIQL).toBe(false);
    expect(loadConfig({ ...production, GRAPHIQL: "true" }).GRAPHIQL).toBe(true);
    expect(errorFor({ GRAPHIQL: "yes" })).toBe('Invalid GRAPHIQL "yes": expected true or false');
  });

  it("believes X-Forwarded-Proto only when told to", () => {
    expect(loadConfig({}).TRUST_FORWARDED_PROTO).toBe(false);
    expect(loadConfig({ TRUST_FORWARDED_PROTO: "true" }).TRUST_FORWARDED_PROTO).toBe(true);
  });

  it("parses the CORS allow-list", () => {
    const config = loadConfig({ CORS_ORIGINS: "http://a.test, http://b.test" });
    expect(config.CORS_ORIGINS).toEqual(["http://a.test", "http://b.test"]);
  });
});

describe("npm start with a bad value", () => {
  it.each([
    ["PORT", "abc"],
    ["DATABASE_URL", "postgres//missing-colon"],
  ])("stops with one clear line for %s=%s", (name, value) => {
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(repoRoot, "server/src/main.ts")],
      { env: { ...process.env, [name]: value }, encoding: "utf8", timeout: 20_000 },
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(new RegExp(`^Invalid ${name} `)),
    ]);
    expect(result.stdout).toBe("");
  });
});

describe("npm start with NODE_ENV=production", () => {
  it("without PostgreSQL and real Ory stops with one line, having created nothing", async () => {
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), "refusal-")), "data");
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(repoRoot, "server/src/main.ts")],
      {
        env: { PATH: process.env.PATH, NODE_ENV: "production", DATA_DIR: dataDir },
        encoding: "utf8",
        timeout: 20_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^NODE_ENV=production needs DATABASE_URL, KRATOS_PUBLIC_URL, /),
    ]);
    expect(result.stdout).toBe("");
    expect(existsSync(dataDir)).toBe(false);
    await rm(path.dirname(dataDir), { recursive: true });
  });
});
