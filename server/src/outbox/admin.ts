import type { PrismaClient } from "../db/client.ts";
import type { Prisma, TupleOutbox } from "../generated/prisma/client.ts";
import { deadLettered, isObjectDelete, queued, tupleNotation, undelivered } from "./rows.ts";

/** The rows an operator looks after: not yet delivered, whether still queued or dead-lettered. */
export type OutboxState = "pending" | "dead";

export interface OutboxEntry {
  id: bigint;
  state: OutboxState;
  action: "INSERT" | "DELETE";
  tuple: string;
  attempts: number;
  lastError: string | null;
}

/** `all`, or one row id as `list` prints it. */
export type RowSelector = bigint | "all";

export async function listOutbox(prisma: PrismaClient): Promise<OutboxEntry[]> {
  const rows = await prisma.tupleOutbox.findMany({ where: undelivered, orderBy: { id: "asc" } });
  return rows.map((row) => ({
    id: row.id,
    state: row.deadLetteredAt ? "dead" : "pending",
    action: row.action,
    tuple: tupleNotation(row),
    attempts: row.attempts,
    lastError: row.lastError,
  }));
}

export interface RetryResult {
  retried: bigint[];
  /**
   * Dead letters left alone because a later row about the same tuple was delivered
   * since: sending them now would undo that newer change. Drop them instead.
   */
  superseded: { id: bigint; by: bigint }[];
}

/** Puts dead-lettered rows back in the queue at their place in the order. */
export async function retryDeadLetters(
  prisma: PrismaClient,
  selector: RowSelector,
): Promise<RetryResult> {
  const rows = await prisma.tupleOutbox.findMany({
    where: { ...deadLettered, ...(selector === "all" ? {} : { id: selector }) },
    orderBy: { id: "asc" },
  });
  const result: RetryResult = { retried: [], superseded: [] };
  for (const row of rows) {
    const newer = await prisma.tupleOutbox.findFirst({
      where: { id: { gt: row.id }, deliveredAt: { not: null }, ...sameTuple(row) },
      orderBy: { id: "asc" },
      select: { id: true },
    });
    if (newer) {
      result.superseded.push({ id: row.id, by: newer.id });
      continue;
    }
    await prisma.tupleOutbox.update({
      where: { id: row.id },
      data: { deadLetteredAt: null, refusals: 0, nextAttemptAt: new Date() },
    });
    result.retried.push(row.id);
  }
  return result;
}

/** Rows that touch the same tuple: the same one, or a whole-object delete on either side. */
function sameTuple(row: TupleOutbox): Prisma.TupleOutboxWhereInput {
  const objectDelete: Prisma.TupleOutboxWhereInput[] = [
    { relation: null },
    { subjectSetNamespace: null },
  ];
  return {
    namespace: row.namespace,
    object: row.object,
    ...(isObjectDelete(row)
      ? {}
      : {
          OR: [
            ...objectDelete,
            {
              relation: row.relation,
              subjectSetNamespace: row.subjectSetNamespace,
              subjectSetObject: row.subjectSetObject,
              subjectSetRelation: row.subjectSetRelation,
            },
          ],
        }),
  };
}

export interface DropResult {
  dropped: number;
  /** Pending rows the selector matched but that were kept (no includePending). */
  keptPending: number;
}

/**
 * Deletes dead-lettered rows: the change is given up and Keto's current state stands.
 * Pending rows are only dropped with `includePending`, since that loses a write
 * Keto would still have taken.
 */
export async function dropRows(
  prisma: PrismaClient,
  selector: RowSelector,
  options: { includePending?: boolean } = {},
): Promise<DropResult> {
  const chosen = selector === "all" ? {} : { id: selector };
  const [dropped, keptPending] = await prisma.$transaction(async (tx) => {
    const keep = options.includePending
      ? 0
      : await tx.tupleOutbox.count({ where: { ...chosen, ...queued } });
    const { count } = await tx.tupleOutbox.deleteMany({
      where: { ...chosen, ...(options.includePending ? undelivered : deadLettered) },
    });
    return [count, keep];
  });
  return { dropped, keptPending };
}

/** `list` as a fixed-width table, one line per row. */
export function formatTable(entries: OutboxEntry[]): string[] {
  const header = ["ID", "STATE", "ACTION", "TUPLE", "ATTEMPTS", "LAST ERROR"];
  const lines = entries.map((entry) => [
    String(entry.id),
    entry.state,
    entry.action,
    entry.tuple,
    String(entry.attempts),
    shorten(entry.lastError ?? "", 100),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column].length)),
  );
  return [header, ...lines].map((cells) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join("  ")
      .trimEnd(),
  );
}

function shorten(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ");
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
