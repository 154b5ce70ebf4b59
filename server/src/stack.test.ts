import { type OryEmulator, startOryEmulator } from "@app/ory-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";
import { createTestDatabase, type TestDatabase } from "./db/test-database.ts";
import { createLogger } from "./log.ts";
import { startStack } from "./stack.ts";

/** `npm start` against real Ory URLs and PostgreSQL, started again and again. */
let emulator: OryEmulator;
let testDb: TestDatabase;

beforeAll(async () => {
  emulator = await startOryEmulator({ ephemeralPorts: true });
  testDb = await createTestDatabase("pg");
});
afterAll(async () => {
  await emulator?.close();
  await testDb?.drop();
});

async function homepageReaderTuples(): Promise<number> {
  const url = new URL("/relation-tuples", emulator.urls.ketoRead);
  url.search = new URLSearchParams({
    namespace: "App",
    object: "homepage",
    relation: "readers",
  }).toString();
  const body = (await (await fetch(url)).json()) as { relation_tuples: unknown[] };
  return body.relation_tuples.length;
}

/** Waits, within a bound, for the start-up tuples to reach Keto. */
async function delivered(): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await homepageReaderTuples()) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the start-up tuple never reached Keto");
}

describe("start-up writes", () => {
  it("a restart with NEW_USERS_READ_HOMEPAGE=true writes no second App:homepage#readers tuple", async () => {
    const { kratosPublic, kratosAdmin, ketoRead, ketoWrite } = emulator.urls;
    const config = loadConfig({
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      PORT: "0",
      DATABASE_URL: testDb.url,
      KRATOS_PUBLIC_URL: kratosPublic,
      KRATOS_ADMIN_URL: kratosAdmin,
      KETO_READ_URL: ketoRead,
      KETO_WRITE_URL: ketoWrite,
      NEW_USERS_READ_HOMEPAGE: "true",
    });
    for (let start = 0; start < 3; start++) {
      const stack = await startStack(config, createLogger("silent"));
      await delivered();
      await stack.close();
    }
    expect(await homepageReaderTuples()).toBe(1);
  });
});
