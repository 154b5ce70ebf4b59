import { RelationshipApi } from "@ory/client";
import { oryConfiguration } from "../auth/ory.ts";
import type { Database } from "../db/client.ts";
import type { Prisma, TupleOutbox } from "../generated/prisma/client.ts";
import type { Logger } from "../log.ts";
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
    ...(subject.kind === "user"
      ? { subjectSetNamespace: "User", subjectSetObject: subject.id, subjectSetRelation: "" }
      : {
          subjectSetNamespace: subject.namespace,
          subjectSetObject: subject.object,
          subjectSetRelation: subject.relation,
        }),
  };
}

function subjectOf(row: TupleOutbox): Subject | undefined {
  if (row.subjectSetNamespace === null || row.subjectSetObject === null) return undefined;
  return row.subjectSetNamespace === "User" && row.subjectSetRelation === ""
    ? { kind: "user", id: row.subjectSetObject }
    : {
        kind: "set",
        namespace: row.subjectSetNamespace,
        object: row.subjectSetObject,
        relation: row.subjectSetRelation ?? "",
      };
}

/** A run of rows Keto takes in one call: exact tuples in one PATCH, or one DELETE by filter. */
type Segment = { kind: "patch"; rows: TupleOutbox[] } | { kind: "filter"; row: TupleOutbox };

function segments(rows: TupleOutbox[]): Segment[] {
  const result: Segment[] = [];
  for (const row of rows) {
    const exact = row.relation !== null && subjectOf(row) !== undefined;
    const last = result.at(-1);
    if (!exact) result.push({ kind: "filter", row });
    else if (last?.kind === "patch") last.rows.push(row);
    else result.push({ kind: "patch", rows: [row] });
  }
  return result;
}

export interface OutboxOptions {
  db: Database;
  ketoWriteUrl: string;
  timeoutMs: number;
  log: Logger;
  /** First retry delay; doubles per failed attempt up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
  /** How often an idle dispatcher looks for rows written by other processes. */
  pollMs?: number;
  batchSize?: number;
}

export interface DeliveryReport {
  delivered: number;
  pending: number;
  error?: string;
}

/**
 * Sends outbox rows to Keto's write API strictly in id order, so a grant and
 * its revoke can never swap. A failure stops the pass and backs the head row
 * off; the next pass retries from there. Rows live in the database, so
 * nothing is lost across restarts.
 */
export function createOutboxDispatcher(options: OutboxOptions) {
  const { db, log } = options;
  const retryMs = options.retryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 30_000;
  const pollMs = options.pollMs ?? 5_000;
  const batchSize = options.batchSize ?? 100;
  const keto = new RelationshipApi(oryConfiguration(options.ketoWriteUrl, options.timeoutMs));

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
    let delivered = 0;
    const pending = () => client.tupleOutbox.count({ where: { deliveredAt: null } });
    for (;;) {
      const rows = await client.tupleOutbox.findMany({
        where: { deliveredAt: null },
        orderBy: { id: "asc" },
        take: batchSize,
      });
      const head = rows[0];
      if (!head) return { delivered, pending: 0 };
      if (!force && head.nextAttemptAt > new Date()) return { delivered, pending: await pending() };
      for (const segment of segments(rows)) {
        const failing = segment.kind === "patch" ? segment.rows[0] : segment.row;
        const ids = segment.kind === "patch" ? segment.rows.map((row) => row.id) : [segment.row.id];
        try {
          await send(segment);
        } catch (error) {
          const message = describe(error);
          const attempts = failing.attempts + 1;
          const delay = Math.min(maxRetryMs, retryMs * 2 ** (attempts - 1));
          await client.tupleOutbox.update({
            where: { id: failing.id },
            data: { attempts, lastError: message, nextAttemptAt: new Date(Date.now() + delay) },
          });
          log.warn({ attempts, retryInMs: delay, error: message }, "outbox: Keto write failed");
          return { delivered, pending: await pending(), error: message };
        }
        await client.tupleOutbox.updateMany({
          where: { id: { in: ids } },
          data: { deliveredAt: new Date(), lastError: null },
        });
        delivered += ids.length;
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
          if (!locked) return { delivered: 0, pending: await countPending() };
        }
        return pass(tx, force);
      },
      { maxWait: 15_000, timeout: 5 * 60_000 },
    );
  }

  const countPending = () => db.prisma.tupleOutbox.count({ where: { deliveredAt: null } });

  // One pass at a time in this process; passes queue behind each other.
  let running: Promise<DeliveryReport> = Promise.resolve({ delivered: 0, pending: 0 });
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
    } catch (error) {
      log.error({ err: error }, "outbox: pass failed");
    }
    if (!stopped) timer = setTimeout(tick, await nextWakeUp());
  }
  async function nextWakeUp(): Promise<number> {
    const head = await db.prisma.tupleOutbox
      .findFirst({ where: { deliveredAt: null }, orderBy: { id: "asc" } })
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
    pending: countPending,
  };
}

export type OutboxDispatcher = ReturnType<typeof createOutboxDispatcher>;

function describe(error: unknown): string {
  const response = (error as { response?: { status?: number; data?: unknown } }).response;
  if (response?.status) return `HTTP ${response.status}: ${JSON.stringify(response.data)}`;
  return error instanceof Error ? error.message : String(error);
}
