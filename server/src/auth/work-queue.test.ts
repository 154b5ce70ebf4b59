import { describe, expect, it } from "vitest";
import { WorkQueue } from "./work-queue.ts";

/** A task that finishes when the test says so. */
function held() {
  let finish = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return { task: () => done, finish };
}

describe("WorkQueue", () => {
  it("runs up to its concurrency, queues up to its bound, and refuses the rest", async () => {
    const queue = new WorkQueue(2, 1);
    const tasks = [held(), held(), held()];
    let started = 0;
    const pushed = tasks.map(({ task }) =>
      queue.push(() => {
        started += 1;
        return task();
      }),
    );
    expect(started).toBe(2);
    expect(pushed.every((promise) => promise !== undefined)).toBe(true);
    expect(queue.push(() => Promise.resolve())).toBeUndefined();

    tasks[0].finish();
    await pushed[0];
    expect(started).toBe(3);
    const idle = queue.idle();
    for (const { finish } of tasks) finish();
    await idle;
    expect(queue.push(() => Promise.resolve("again"))).toBeDefined();
  });

  it("passes results and failures through", async () => {
    const queue = new WorkQueue(1);
    await expect(queue.push(() => Promise.resolve(7))).resolves.toBe(7);
    await expect(queue.push(() => Promise.reject(new Error("no")))).rejects.toThrow("no");
    await queue.idle();
  });
});
