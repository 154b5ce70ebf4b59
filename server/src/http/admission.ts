export interface AdmissionLimits {
  /** Requests executing at once. */
  maxConcurrent: number;
  /** Requests waiting for a slot; more than this are refused at once. */
  maxQueued: number;
  /** How long a request may wait for a slot before it is refused. */
  maxWaitMs: number;
}

/** Releases an admitted request's slot; calling it again does nothing. */
export type Release = () => void;

/**
 * A bound on concurrent work with a short, time-limited queue in front of it. Admission order
 * is first come, first served. A refused request costs nothing, so an overloaded process answers
 * "try later" at once instead of starting work that would time out inside its Ory calls.
 */
export class AdmissionGate {
  private running = 0;
  private readonly waiting: { admit: () => void }[] = [];

  constructor(private readonly limits: AdmissionLimits) {}

  /** Resolves with a release function, or with null when the request is refused. */
  async enter(): Promise<Release | null> {
    if (this.running < this.limits.maxConcurrent) return this.admitNow();
    if (this.waiting.length >= this.limits.maxQueued) return null;
    return new Promise<Release | null>((resolve) => {
      const ticket = {
        admit: () => {
          clearTimeout(timer);
          resolve(this.admitNow());
        },
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(ticket), 1);
        resolve(null);
      }, this.limits.maxWaitMs);
      this.waiting.push(ticket);
    });
  }

  /** Requests executing and waiting now (for logs). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private admitNow(): Release {
    this.running += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running -= 1;
      // The slot passes straight to the longest waiter, so it cannot be taken by a newcomer.
      this.waiting.shift()?.admit();
    };
  }
}
