import type { PrismaClient } from "../db/client.ts";
import { dropRows, formatTable, listOutbox, type RowSelector, retryDeadLetters } from "./admin.ts";

export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const usage = `usage: npm run outbox -- <command>
  list                         rows not yet delivered to Keto: pending and dead-lettered
  retry <id|all>               put dead-lettered rows back in the queue
  drop <id|all> [--pending]    delete dead-lettered rows; --pending also deletes rows still queued
                               (their change is lost)
The database is DATABASE_URL, or the embedded PGlite under DATA_DIR (default .data).`;

class UsageError extends Error {}

/** Exit codes: 0 done, 1 nothing matched or a row was left alone, 64 bad usage. */
export async function runOutboxCommand(
  args: string[],
  prisma: PrismaClient,
  io: CommandIo,
): Promise<number> {
  try {
    const [command, ...rest] = args;
    switch (command) {
      case "list":
        return await list(prisma, io);
      case "retry":
        return await retry(prisma, parseSelector(rest), io);
      case "drop": {
        const includePending = rest.includes("--pending");
        const target = rest.filter((arg) => arg !== "--pending");
        return await drop(prisma, parseSelector(target), includePending, io);
      }
      default:
        throw new UsageError(command ? `unknown command "${command}"` : "missing command");
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`error: ${error.message}\n${usage}`);
    return 64;
  }
}

function parseSelector(args: string[]): RowSelector {
  if (args.length !== 1) throw new UsageError("expected one row id or all");
  const [value] = args;
  if (value === "all") return "all";
  if (/^[1-9]\d{0,18}$/.test(value)) return BigInt(value);
  throw new UsageError(`"${value}" is not a row id (a number from list) or all`);
}

async function list(prisma: PrismaClient, io: CommandIo): Promise<number> {
  const entries = await listOutbox(prisma);
  if (entries.length === 0) {
    io.out("Nothing waiting: every tuple change has reached Keto.");
    return 0;
  }
  for (const line of formatTable(entries)) io.out(line);
  const dead = entries.filter((entry) => entry.state === "dead").length;
  io.out(`${entries.length - dead} pending, ${dead} dead-lettered`);
  return 0;
}

async function retry(prisma: PrismaClient, selector: RowSelector, io: CommandIo): Promise<number> {
  const { retried, superseded } = await retryDeadLetters(prisma, selector);
  if (retried.length > 0) {
    io.out(`queued again: ${retried.join(", ")} (the running API sends them on its next pass)`);
  }
  for (const { id, by } of superseded) {
    io.err(
      `row ${id} not retried: row ${by}, about the same tuple, was delivered after it; sending ${id} now would undo ${by}. Drop it instead.`,
    );
  }
  if (retried.length === 0 && superseded.length === 0) {
    io.err(`no dead-lettered row ${selector === "all" ? "" : `with id ${selector} `}to retry`);
  }
  return retried.length > 0 && superseded.length === 0 ? 0 : 1;
}

async function drop(
  prisma: PrismaClient,
  selector: RowSelector,
  includePending: boolean,
  io: CommandIo,
): Promise<number> {
  const { dropped, keptPending } = await dropRows(prisma, selector, { includePending });
  if (dropped > 0) io.out(`dropped ${dropped} row${dropped === 1 ? "" : "s"}`);
  if (keptPending > 0) {
    io.err(
      `kept ${keptPending} pending row${keptPending === 1 ? "" : "s"}: still queued for Keto; add --pending to drop (the change is then lost)`,
    );
  }
  if (dropped === 0 && keptPending === 0) io.err("no matching undelivered row to drop");
  return dropped > 0 && keptPending === 0 ? 0 : 1;
}
