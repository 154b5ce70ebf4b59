import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type OryEmulator, PRODUCTION_REFUSAL, startOryEmulator } from "../src/index.ts";
import { request, startKeto, startProductKeto, withQuery, writeKetoConfig } from "./support.ts";

const tuple = { namespace: "App", object: "homepage", relation: "readers", subject_id: "alice" };

describe("fault injection and request counters", () => {
  let emulator: OryEmulator;
  beforeAll(async () => {
    emulator = await startProductKeto();
  });
  afterEach(() => emulator.faults.clear());
  afterAll(() => emulator.close());

  const namespaces = () => request("GET", `${emulator.urls.ketoRead}namespaces`);

  it("answers every request with an injected error status, then recovers when cleared", async () => {
    await emulator.faults.set("keto", { status: 503 });
    const failed = await namespaces();
    expect(failed.status).toBe(503);
    expect(failed.body.error.code).toBe(503);
    expect(
      (await request("PUT", `${emulator.urls.ketoWrite}admin/relation-tuples`, tuple)).status,
    ).toBe(503);
    await emulator.faults.clear();
    expect((await namespaces()).status).toBe(200);
  });

  it("takes the ports down for connection refused, and back up on the same ports", async () => {
    const { ketoRead, ketoWrite } = emulator.urls;
    await emulator.faults.set("keto", { down: true });
    await expect(fetch(`${ketoRead}health/alive`)).rejects.toMatchObject({
      cause: { code: "ECONNREFUSED" },
    });
    await expect(fetch(`${ketoWrite}health/alive`)).rejects.toMatchObject({
      cause: { code: "ECONNREFUSED" },
    });
    await emulator.faults.clear();
    expect(emulator.urls.ketoRead).toBe(ketoRead);
    expect((await request("GET", `${ketoRead}health/alive`)).status).toBe(200);
    expect((await request("GET", `${ketoWrite}health/alive`)).status).toBe(200);
  });

  it("fails one port only: Keto's write API refuses or is down while its read API answers", async () => {
    const { ketoRead, ketoWrite } = emulator.urls;
    await emulator.faults.set("keto", { status: 503, port: "write" });
    expect((await namespaces()).status).toBe(200);
    expect((await request("PUT", `${ketoWrite}admin/relation-tuples`, tuple)).status).toBe(503);

    await emulator.faults.set("keto", { down: true, port: "write" });
    expect((await request("GET", `${ketoRead}health/alive`)).status).toBe(200);
    await expect(fetch(`${ketoWrite}health/alive`)).rejects.toMatchObject({
      cause: { code: "ECONNREFUSED" },
    });
    // Moving the fault to the other port brings the write port back on the same number.
    await emulator.faults.set("keto", { down: true, port: "read" });
    // A kept-alive connection to the read port is cut ("other side closed"); new ones are refused.
    await expect(fetch(`${ketoRead}health/alive`)).rejects.toThrow(/fetch failed/);
    expect((await request("GET", `${ketoWrite}health/alive`)).status).toBe(200);
    await emulator.faults.clear();
    expect((await namespaces()).status).toBe(200);
  });

  it("rejects faults that make no sense", async () => {
    await expect(emulator.faults.set("keto", { port: "admin" })).rejects.toThrow(/no "admin" port/);
    await expect(emulator.faults.set("keto", { status: 200 })).rejects.toThrow(/400-599/);
    await expect(emulator.faults.set("keto", { latencyMs: -1 })).rejects.toThrow(/latencyMs/);
  });

  it("counts requests per service and METHOD /path, without query strings", async () => {
    emulator.counters.reset();
    const body = { tuples: [{ ...tuple, relation: "read" }] };
    await request("POST", `${emulator.urls.ketoRead}relation-tuples/batch/check`, body);
    await request("POST", `${emulator.urls.ketoRead}relation-tuples/batch/check?max-depth=3`, body);
    await request(
      "GET",
      withQuery(emulator.urls.ketoRead, "/relation-tuples", { namespace: "App" }),
    );
    expect(emulator.counters.get("keto", "POST /relation-tuples/batch/check")).toBe(2);
    expect(emulator.counters.get("keto", "GET /relation-tuples")).toBe(1);
    expect(emulator.counters.total("keto")).toBe(3);
    expect(emulator.counters.get("kratos", "GET /sessions/whoami")).toBe(0);
    emulator.counters.reset();
    expect(emulator.counters.total("keto")).toBe(0);
  });

  it("offers faults and counters over HTTP on the admin (write) port only", async () => {
    const control = `${emulator.urls.ketoWrite}__emulator/`;
    emulator.counters.reset();
    await namespaces();

    const counted = await request("GET", `${control}counters`);
    expect(counted.body.keto).toEqual({ "GET /namespaces": 1 });
    expect((await request("DELETE", `${control}counters`)).body).toEqual({ keto: {}, kratos: {} });

    const set = await request("PUT", `${control}faults`, { keto: { status: 500 } });
    expect(set.body).toEqual({ keto: { status: 500 }, kratos: null });
    expect((await namespaces()).status).toBe(500);
    // The hooks keep working while the service they live on is failing.
    expect((await request("GET", `${control}faults`)).body.keto).toEqual({ status: 500 });
    expect((await request("DELETE", `${control}faults`)).status).toBe(200);
    expect((await namespaces()).status).toBe(200);

    expect((await request("PUT", `${control}faults`, { ldap: {} })).status).toBe(400);
    expect((await request("PUT", `${control}faults`, { keto: { status: 99 } })).status).toBe(400);
    const wrongPort = await request("PUT", `${control}faults`, { keto: { port: "public" } });
    expect(wrongPort.status).toBe(400);
    expect((await request("GET", `${emulator.urls.ketoRead}__emulator/counters`)).status).toBe(404);
  });

  it("can take Keto down over HTTP from Keto's own write port", async () => {
    const answer = await request("PUT", `${emulator.urls.ketoWrite}__emulator/faults`, {
      keto: { down: true },
    });
    expect(answer.body.keto).toEqual({ down: true });
    // The change is applied right after the answer went out; wait for it rather than race it.
    await vi.waitFor(() =>
      expect(fetch(`${emulator.urls.ketoRead}health/alive`)).rejects.toMatchObject({
        cause: { code: "ECONNREFUSED" },
      }),
    );
  });
});

describe("startup", () => {
  it("refuses to run with NODE_ENV=production and says what to run instead", async () => {
    vi.stubEnv("NODE_ENV", "production");
    try {
      await expect(startOryEmulator({ only: "keto", ephemeralPorts: true })).rejects.toThrow(
        PRODUCTION_REFUSAL,
      );
    } finally {
      vi.unstubAllEnvs();
    }
    expect(PRODUCTION_REFUSAL).toContain("docker compose up");
  });

  it("stops with a clear message on invalid config values", async () => {
    const badDepth = writeKetoConfig({ legacyNamespaces: ["n"], limit: { max_read_depth: 0 } });
    await expect(
      startOryEmulator({ only: "keto", ephemeralPorts: true, ketoConfig: badDepth }),
    ).rejects.toThrow(/limit\.max_read_depth must be an integer from 1 to 65535 \(got 0\)/);
    const brokenOpl = writeKetoConfig({
      opl: "class Doc implements Namespace { related: { owners: Person[] } }",
    });
    await expect(
      startOryEmulator({ only: "keto", ephemeralPorts: true, ketoConfig: brokenOpl }),
    ).rejects.toThrow(/namespaces\.keto\.ts:1:\d+: namespace "Person" was not declared/);
    await expect(
      startOryEmulator({ only: "keto", ketoConfig: "/nonexistent/keto.yml" }),
    ).rejects.toThrow(/Cannot read the Keto config/);
  });

  it("ignores unknown keys and reads the legacy namespace list", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keto-config-"));
    const file = join(dir, "keto.yml");
    writeFileSync(
      file,
      "dsn: memory\nsome_future_key: true\nnamespaces:\n  - id: 0\n    name: videos\n",
    );
    const emulator = await startOryEmulator({
      only: "keto",
      ephemeralPorts: true,
      ketoConfig: file,
    });
    try {
      expect((await request("GET", `${emulator.urls.ketoRead}namespaces`)).body).toEqual({
        namespaces: [{ name: "videos" }],
      });
      expect(emulator.urls.kratosPublic).toBe("");
    } finally {
      await emulator.close();
    }
  });

  it("explains a port that is already taken", async () => {
    const first = await startProductKeto();
    const taken = Number(new URL(first.urls.ketoRead).port);
    const file = writeKetoConfig({ legacyNamespaces: ["n"] });
    writeFileSync(
      file,
      `dsn: memory\nnamespaces: [{ id: 0, name: n }]\nserve: { read: { port: ${taken} }, write: { port: 0 } }\n`,
    );
    try {
      await expect(startOryEmulator({ only: "keto", ketoConfig: file })).rejects.toThrow(
        new RegExp(`Port ${taken} \\(Keto read API\\) is already in use`),
      );
    } finally {
      await first.close();
    }
  });

  it("keeps tuples across restarts with a data directory", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "keto-data-"));
    const first = await startKeto({ legacyNamespaces: ["App"], dataDir });
    await request("PUT", `${first.urls.ketoWrite}admin/relation-tuples`, tuple);
    await first.close();
    const second = await startKeto({ legacyNamespaces: ["App"], dataDir });
    try {
      const listed = await request("GET", `${second.urls.ketoRead}relation-tuples`);
      expect(listed.body.relation_tuples).toEqual([tuple]);
    } finally {
      await second.close();
    }
  });
});

describe("both halves together", () => {
  let emulator: OryEmulator;
  beforeAll(async () => {
    emulator = await startOryEmulator({ ephemeralPorts: true });
  });
  afterAll(() => emulator.close());

  it("serves Kratos and Keto on four ports with separate faults and counters", async () => {
    const { kratosPublic, kratosAdmin, ketoRead, ketoWrite } = emulator.urls;
    expect(new Set([kratosPublic, kratosAdmin, ketoRead, ketoWrite]).size).toBe(4);
    expect((await request("GET", `${kratosPublic}health/alive`)).status).toBe(200);

    await emulator.faults.set("kratos", { down: true });
    await expect(fetch(`${kratosPublic}health/alive`)).rejects.toMatchObject({
      cause: { code: "ECONNREFUSED" },
    });
    expect((await request("GET", `${ketoRead}health/alive`)).status).toBe(200);

    // Kratos' admin port is down too, so Keto's write port is the way back over HTTP.
    await request("DELETE", `${emulator.urls.ketoWrite}__emulator/faults`);
    await vi.waitFor(async () =>
      expect((await request("GET", `${kratosAdmin}health/alive`)).status).toBe(200),
    );
    expect(emulator.counters.get("kratos", "GET /health/alive")).toBe(2);
    expect((await request("GET", `${kratosAdmin}__emulator/counters`)).body.keto).toEqual({
      "GET /health/alive": 1,
    });
  });
});
