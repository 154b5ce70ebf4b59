import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { OryEmulator } from "../src/index.ts";
import { request, startProductKeto } from "./support.ts";

// The emulator sleeps through node:timers/promises; recording the sleeps tests the latency
// fault without timing anything.
const sleeps = vi.hoisted(() => [] as number[]);
vi.mock("node:timers/promises", async (original) => ({
  ...(await original<typeof import("node:timers/promises")>()),
  setTimeout: async (delay: number) => {
    sleeps.push(delay);
  },
}));

let emulator: OryEmulator;
beforeAll(async () => {
  emulator = await startProductKeto();
});
afterAll(() => emulator.close());

it("delays every answer of the service by the injected latency", async () => {
  await emulator.faults.set("keto", { latencyMs: 250 });
  expect((await request("GET", `${emulator.urls.ketoRead}namespaces`)).status).toBe(200);
  expect((await request("GET", `${emulator.urls.ketoWrite}health/alive`)).status).toBe(200);
  expect(sleeps).toEqual([250, 250]);

  await emulator.faults.clear();
  await request("GET", `${emulator.urls.ketoRead}namespaces`);
  expect(sleeps).toEqual([250, 250]);
});
