/**
 * Runs tasks with at most `concurrency` at once. Up to `maxQueued` more wait
 * their turn; past that `push` refuses the task (undefined) instead of letting
 * work pile up behind a slow service.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxQueued = Number.POSITIVE_INFINITY,
  ) {}

  /** The task's promise, or undefined when the queue is full (the task does not run). */
  push<T>(task: () => Promise<T>): Promise<T> | undefined {
    if (this.running >= this.concurrency && this.waiting.length >= this.maxQueued) {
      return undefined;
    }
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running += 1;
        // The slot is handed on before the caller hears the result.
        task()
          .finally(() => {
            this.running -= 1;
            this.waiting.shift()?.();
            if (this.running === 0 && this.waiting.length === 0) {
              for (const wake of this.idleWaiters.splice(0)) wake();
            }
          })
          .then(resolve, reject);
      };
      if (this.running < this.concurrency) start();
      else this.waiting.push(start);
    });
  }

  /** Settles once nothing runs or waits. */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
