import type { Relationship } from "@ory/client-fetch";
import type { Logger } from "../log.ts";
import type { CheckOutcome, PermissionChecker } from "./keto.ts";
import { WorkQueue } from "./work-queue.ts";

/** What the shadow Keto has been asked since the process started. */
export interface ShadowCheckStats {
  /** Batches the shadow answered (each compared tuple by tuple). */
  batches: number;
  /** Tuples compared: both Ketos answered. */
  compared: number;
  /** Tuples where the shadow's answer differed from the real one. */
  disagreements: number;
  /** Tuples the shadow could not answer (down, slow, or refusing the model's relation). */
  errors: number;
  /** Batches never sent because the queue was full: the shadow fell behind. */
  dropped: number;
}

export interface ShadowChecks {
  stats(): ShadowCheckStats;
  /** Settles when every queued comparison has run (tests, and a drain before exit if wanted). */
  idle(): Promise<void>;
}

/** Shadow batches in flight at once, and waiting behind them; past that new ones are dropped. */
const CONCURRENCY = 4;
const MAX_QUEUED = 100;

const tupleText = (tuple: Relationship) => {
  const set = tuple.subject_set;
  const subject = set
    ? `${set.namespace}:${set.object}${set.relation ? `#${set.relation}` : ""}`
    : tuple.subject_id;
  return `${tuple.namespace}:${tuple.object}#${tuple.relation}@${subject}`;
};

/**
 * The real checker, with every batch it answers (and every batch Keto's listing
 * answered instead) also asked of a shadow Keto that runs a candidate model
 * (KETO_SHADOW_READ_URL). The shadow is asked only
 * after the real answer is back and is never awaited, so it adds no latency and
 * cannot change an answer; its failures are counted, never thrown. A bounded
 * queue keeps a slow shadow from piling work up: past it, batches are dropped
 * (and counted).
 */
export function withShadowChecks(
  real: PermissionChecker,
  shadow: PermissionChecker,
  log: Pick<Logger, "warn">,
): PermissionChecker & { shadow: ShadowChecks } {
  const queue = new WorkQueue(CONCURRENCY, MAX_QUEUED);
  const counts: ShadowCheckStats = {
    batches: 0,
    compared: 0,
    disagreements: 0,
    errors: 0,
    dropped: 0,
  };

  let failing = false;

  async function compare(tuples: Relationship[], answers: CheckOutcome[]) {
    // The shadow checker turns failures into per-tuple errors and never throws.
    const shadowAnswers = await shadow.check(tuples);
    counts.batches += 1;
    const failure = shadowAnswers.find((answer) => answer instanceof Error);
    // Said once when the shadow starts failing, not once per batch while it is down.
    if (failure && !failing) {
      log.warn({ err: failure }, "the shadow Keto cannot answer; its failures are counted");
    }
    failing = failure !== undefined;
    tuples.forEach((tuple, index) => {
      const realAnswer = answers[index];
      const shadowAnswer = shadowAnswers[index];
      if (shadowAnswer instanceof Error) {
        counts.errors += 1;
        return;
      }
      // Nothing to compare a failed real check with.
      if (realAnswer instanceof Error) return;
      counts.compared += 1;
      if (realAnswer === shadowAnswer) return;
      counts.disagreements += 1;
      log.warn(
        { tuple: tupleText(tuple), real: realAnswer, shadow: shadowAnswer },
        "the shadow Keto's model answers this check differently",
      );
    });
  }

  const enqueue = (tuples: Relationship[], answers: CheckOutcome[]) => {
    if (!queue.push(() => compare(tuples, answers))) counts.dropped += 1;
  };

  return {
    async check(tuples) {
      const answers = await real.check(tuples);
      enqueue(tuples, answers);
      return answers;
    },
    answeredElsewhere: enqueue,
    shadow: {
      stats: () => ({ ...counts }),
      idle: () => queue.idle(),
    },
  };
}
