import { RelationshipApi } from "@ory/client-fetch";
import { describeOryFailure, errorBodyOf, httpStatusOf, oryConfiguration } from "../auth/ory.ts";
import { subjectSetFields, userSubject } from "../auth/vocabulary.ts";
import type { Database } from "../db/client.ts";
import type { Prisma, TupleOutbox } from "../generated/prisma/client.ts";
import type { Logger } from "../log.ts";
import { deadLettered, isObjectDelete, queued, subjectOf, tupleNotation } from "./rows.ts";
import { relationship, type Subject, type TupleChange } from "./tuples.ts";

type Writer = Pick<Prisma.TransactionClient, "tupleOutbox">;
type Client = Prisma.TransactionClient;

/** Advisory lock key for outbox passes (Prisma's migrations use 72707369). */
const DISPATCH_LOCK = 72707370;

/**
 * Records tuple changes in the caller's transaction, so they commit or roll
 * back together with the data change that needs them. Returns the rows' ids,
 * by which the caller can later ask whether Keto has them.
 */
export async function enqueueTupleChanges(tx: Writer, changes: TupleChange[]): Promise<bigint[]> {
  if (changes.length === 0) return [];
  const rows = await tx.tupleOutbox.createManyAndReturn({
    data: changes.map(toRow),
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

function toRow(change: TupleChange): Prisma.TupleOutboxCreateManyInput {
  if (change.action === "DELETE_OBJECT") {
    return { action: "DELETE", namespace: change.namespace, object: change.object };
  }
  const { subject } = change;
  return {
    action: change.action,
    namespace: change.namespace,
    object: change.object,
    relation: change.relation,
    ...subjectSetFields(subject.kind === "user" ? userSubject(subject.id) : subject),
  };
}

/** A run of rows Keto takes in one call: exact tuples in one PATCH, or one DELETE by filter. */
type Segment = { kind: "patch"; rows: TupleOutbox[] } | { kind: "filter"; row: TupleOutbox };

function segments(rows: TupleOutbox[]): Segment[] {
  const result: Segment[] = [];
  for (const row of rows) {
    const last = result.at(-1);
    if (isObjectDelete(row)) result.push({ kind: "filter", row });
    else if (last?.kind === "patch") last.rows.push(row);
    else result.push({ kind: "patch", rows: [row] });
  }
  return result;
}

export interface OutboxOptions {
  db: Database;
  ketoWriteUrl: string;
  /** Ory Network's API key, sent as a bearer token. */
  apiKey?: string;
  timeoutMs: number;
  log: Logger;
  /** First retry delay; doubles per failed attempt up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
  /** How often an idle dispatcher looks for rows written by other processes. */
  pollMs?: number;
  batchSize?: number;
  /** Refusals (a 4xx that is about the row) after which a row is dead-lettered. */
  maxAttempts?: number;
  /** Minimum time between two "rows are dead-lettered" warnings of the background loop. */
  deadLetterReminderMs?: number;
}

export interface DeliveryReport {
  delivered: number;
  pending: number;
  /** Rows this pass moved to the dead-letter state. */
  deadLettered: number;
  error?: string;
}

/**
 * Sends outbox rows to Keto's write API strictly in id order, so a grant and
 * its revoke can never swap. A failure stops the pass and backs the head row
 * off; the next pass retries from there. A row Keto refuses for good
 * (maxAttempts times) is dead-lettered and skipped, so it cannot block the
 * rows behind it. Rows live in the database, so nothing is lost across restarts.
 */
export function createOutboxDispatcher(options: OutboxOptions) {
  const { db, log } = options;
  const retryMs = options.retryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 30_000;
  const pollMs = options.pollMs ?? 5_000;
  const batchSize = options.batchSize ?? 100;
  const maxAttempts = options.maxAttempts ?? 5;
  const deadLetterReminderMs = options.deadLetterReminderMs ?? 10 * 60_000;
  const keto = new RelationshipApi(
    oryConfiguration(options.ketoWriteUrl, options.timeoutMs, options.apiKey),
  );

  async function send(segment: Segment): Promise<void> {
    if (segment.kind === "patch") {
      await keto.patchRelationships({
        relationshipPatch: segment.rows.map((row) => ({
          action: row.action === "INSERT" ? "insert" : "delete",
          relation_tuple: relationship(
            row.namespace,
            row.object,
            row.relation as string,
            subjectOf(row) as Subject,
          ),
        })),
      });
    } else {
      await keto.deleteRelationships({
        namespace: segment.row.namespace,
        object: segment.row.object,
        relation: segment.row.relation ?? undefined,
      });
    }
  }

  async function pass(client: Client, force: boolean): Promise<DeliveryReport> {
    const report = { delivered: 0, deadLettered: 0 };
    const done = async (error?: string): Promise<DeliveryReport> => ({
      ...report,
      pending: await client.tupleOutbox.count({ where: queued }),
      ...(error === undefined ? {} : { error }),
    });
    const markDelivered = async (rows: TupleOutbox[]) => {
      await client.tupleOutbox.updateMany({
        where: { id: { in: rows.map((row) => row.id) } },
        data: { deliveredAt: new Date(), lastError: null },
      });
      report.delivered += rows.length;
    };
    /** Records a failed attempt; true when the row was dead-lettered and the pass may go on. */
    const markFailed = async (row: TupleOutbox, error: unknown): Promise<boolean> => {
      const message = await describe(error);
      const attempts = row.attempts + 1;
      const refused = isRefusedForGood(error);
      const refusals = row.refusals + (refused ? 1 : 0);
      if (refused && refusals >= maxAttempts) {
        await client.tupleOutbox.update({
          where: { id: row.id },
          data: { attempts, refusals, lastError: message, deadLetteredAt: new Date() },
        });
        log.error(
          { id: String(row.id), tuple: tupleNotation(row), attempts, error: message },
          "outbox: Keto refused the row for good; dead-lettered (npm run outbox -- list)",
        );
        report.deadLettered += 1;
        return true;
      }
      const delay = Math.min(maxRetryMs, retryMs * 2 ** (attempts - 1));
      await client.tupleOutbox.update({
        where: { id: row.id },
        data: {
          attempts,
          refusals,
          lastError: message,
          nextAttemptAt: new Date(Date.now() + delay),
        },
      });
      log.warn(
        {
          id: String(row.id),
          tuple: tupleNotation(row),
          attempts,
          retryInMs: delay,
          error: message,
        },
        "outbox: Keto write failed",
      );
      return false;
    };

    for (;;) {
      const rows = await client.tupleOutbox.findMany({
        where: queued,
        orderBy: { id: "asc" },
        take: batchSize,
      });
      const head = rows[0];
      if (!head) return done();
      if (!force && head.nextAttemptAt > new Date()) return done();
      for (const segment of segments(rows)) {
        const sent = await sendOrIsolate(segment);
        if (sent !== true) return done(await describe(sent));
      }
    }

    /**
     * Sends a segment. Keto applies a PATCH all or nothing, so when it refuses a
     * run of rows for good the rows go one by one to find the one it refuses.
     * Returns true to go on with the next segment, or the error that stops the pass.
     */
    async function sendOrIsolate(segment: Segment): Promise<true | unknown> {
      const rows = segment.kind === "patch" ? segment.rows : [segment.row];
      try {
        await send(segment);
        await markDelivered(rows);
        return true;
      } catch (error) {
        if (segment.kind === "patch" && rows.length > 1 && isRefusedForGood(error)) {
          for (const row of rows) {
            const sent = await sendOrIsolate({ kind: "patch", rows: [row] });
            if (sent !== true) return sent;
          }
          return true;
        }
        return (await markFailed(rows[0], error)) ? true : error;
      }
    }
  }

  /**
   * On PostgreSQL, several API processes may share the outbox: a pass holds a
   * transaction-scoped advisory lock, so only one process sends at a time and
   * the order holds across them. A request that wants its rows out waits for
   * the lock; the background loop skips a turn instead. PGlite is one process.
   */
  async function lockedPass(force: boolean): Promise<DeliveryReport> {
    if (db.kind !== "postgresql") return pass(db.prisma, force);
    return db.prisma.$transaction(
      async (tx) => {
        if (force) {
          await tx.$executeRaw`SET LOCAL lock_timeout = '15s'`;
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DISPATCH_LOCK}::bigint)`;
        } else {
          const [{ locked }] = await tx.$queryRaw<{ locked: boolean }[]>`
            SELECT pg_try_advisory_xact_lock(${DISPATCH_LOCK}::bigint) AS locked`;
          if (!locked) return { delivered: 0, deadLettered: 0, pending: await countPending() };
        }
        return pass(tx, force);
      },
      { maxWait: 15_000, timeout: 5 * 60_000 },
    );
  }

  const countPending = () => db.prisma.tupleOutbox.count({ where: queued });
  const countDeadLettered = () => db.prisma.tupleOutbox.count({ where: deadLettered });

  // One pass at a time in this process; passes queue behind each other.
  let running: Promise<DeliveryReport> = Promise.resolve({
    delivered: 0,
    pending: 0,
    deadLettered: 0,
  });
  function deliver(force = true): Promise<DeliveryReport> {
    running = running.catch(() => undefined).then(() => lockedPass(force));
    return running;
  }

  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  async function tick() {
    try {
      const report = await deliver(false);
      if (report.delivered > 0) log.info(report, "outbox: delivered");
      await remindOfDeadLetters();
    } catch (error) {
      log.error({ err: error }, "outbox: pass failed");
    }
    const delay = await nextWakeUp();
    // stop() may have been called while this pass ran: only a running loop goes on.
    if (!stopped) timer = setTimeout(tick, delay);
  }
  /**
   * Dead letters wait for an operator and do not make the API unready, so the
   * background loop says how many there are: when the number changes, and again
   * every deadLetterReminderMs while it stays above zero.
   */
  let reminded = { count: 0, at: 0 };
  async function remindOfDeadLetters() {
    const count = await countDeadLettered();
    const due = Date.now() - reminded.at >= deadLetterReminderMs;
    if (count > 0 && (count !== reminded.count || due)) {
      log.warn({ deadLettered: count }, "outbox: rows are dead-lettered (npm run outbox -- list)");
      reminded = { count, at: Date.now() };
    } else if (count === 0) reminded = { count: 0, at: 0 };
  }
  async function nextWakeUp(): Promise<number> {
    const head = await db.prisma.tupleOutbox
      .findFirst({ where: queued, orderBy: { id: "asc" } })
      .catch(() => null);
    if (!head) return pollMs;
    return Math.max(0, Math.min(pollMs, head.nextAttemptAt.getTime() - Date.now()));
  }

  return {
    /** Tries to deliver everything pending now, ignoring backoff. Never throws for Keto errors. */
    deliver: () => deliver(true),
    /** Keeps delivering in the background: now, after each backoff, and every pollMs. */
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running.catch(() => undefined);
    },
    /** Rows waiting to be sent (dead letters not included). */
    pending: countPending,
    /** Rows Keto refused for good, waiting for `npm run outbox -- retry|drop`. */
    deadLettered: countDeadLettered,
  };
}

export type OutboxDispatcher = ReturnType<typeof createOutboxDispatcher>;

/** A failed write for the row's `lastError`: the status with Keto's own words, or the cause. */
async function describe(error: unknown): Promise<string> {
  const body = await errorBodyOf(error);
  return body ? `${describeOryFailure(error)}: ${body}` : describeOryFailure(error);
}

/**
 * Statuses that are about the caller or the moment, not the row: credentials or
 * a proxy in front of Keto (401, 403, 407), timeouts and rate limits (408, 425, 429).
 * Sending the same row again can succeed once that is fixed, so they never dead-letter.
 */
const notAboutTheRow = new Set([401, 403, 407, 408, 425, 429]);

/**
 * True when Keto refused this very write and will refuse it again: v26.2.0 answers
 * 404 for an unknown namespace (object or subject set) and 400 for a malformed
 * tuple. Connection errors, timeouts and 5xx are transient.
 */
export function isRefusedForGood(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status !== undefined && status >= 400 && status < 500 && !notAboutTheRow.has(status);
}
