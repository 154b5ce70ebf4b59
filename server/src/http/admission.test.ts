import { afterEach, describe, expect, it, vi } from "vitest";
import { AdmissionGate } from "./admission.ts";

afterEach(() => {
  vi.useRealTimers();
});

describe("AdmissionGate", () => {
  it("admits up to the bound, queues up to the queue's size and refuses the rest", async () => {
    const gate = new AdmissionGate({ maxConcurrent: 2, maxQueued: 1, maxWaitMs: 60_000 });
    const first = await gate.enter();
    const second = await gate.enter();
    const queued = gate.enter();
    expect(await gate.enter()).toBeNull();
    expect(gate.load).toEqual({ running: 2, waiting: 1 });

    first?.();
    const third = await queued;
    expect(third).toBeTypeOf("function");
    expect(gate.load).toEqual({ running: 2, waiting: 0 });
    second?.();
    third?.();
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it("hands a freed slot to the longest waiter, not to a newcomer", async () => {
    const gate = new AdmissionGate({ maxConcurrent: 1, maxQueued: 2, maxWaitMs: 60_000 });
    const holder = await gate.enter();
    const order: string[] = [];
    const early = gate.enter().then((release) => {
      order.push("early");
      return release;
    });
    const late = gate.enter().then((release) => {
      order.push("late");
      return release;
    });
    holder?.();
    // A newcomer arriving as the slot is freed finds it taken and the queue not yet full.
    expect(gate.load).toEqual({ running: 1, waiting: 1 });
    (await early)?.();
    (await late)?.();
    expect(order).toEqual(["early", "late"]);
  });

  it("refuses a request that waited its limit, and forgets it", async () => {
    vi.useFakeTimers();
    const gate = new AdmissionGate({ maxConcurrent: 1, maxQueued: 1, maxWaitMs: 500 });
    const holder = await gate.enter();
    const waiting = gate.enter();
    vi.advanceTimersByTime(500);
    expect(await waiting).toBeNull();
    expect(gate.load).toEqual({ running: 1, waiting: 0 });
    holder?.();
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it("releases a slot once however often release is called", async () => {
    const gate = new AdmissionGate({ maxConcurrent: 1, maxQueued: 0, maxWaitMs: 1 });
    const release = await gate.enter();
    release?.();
    release?.();
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
    expect(await gate.enter()).toBeTypeOf("function");
    expect(await gate.enter()).toBeNull();
  });
});
