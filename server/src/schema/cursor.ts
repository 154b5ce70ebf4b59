import { ApiError } from "../errors.ts";
import type { Sealer } from "../seal.ts";

/** A list position: rows are ordered by creation time, ties broken by id (a UUID). */
export interface Position {
  createdAt: Date;
  id: string;
}

const invalidCursor = () =>
  new ApiError("BAD_USER_INPUT", "Invalid cursor: pass a cursor this list gave you.");

/**
 * A cursor is a sealed position: clients cannot read it, so a page that stops
 * on a row the viewer may not see resumes there without naming that row, and
 * cannot forge one. `list` names the list (and its parent) the cursor is for.
 * Every position packs to the same 24 bytes, so cursors all have one length.
 */
export function sealCursor(sealer: Sealer, list: string, position: Position): string {
  const payload = Buffer.alloc(24);
  payload.writeBigInt64BE(BigInt(position.createdAt.getTime()), 0);
  Buffer.from(position.id.replaceAll("-", ""), "hex").copy(payload, 8);
  return sealer.seal(payload, list);
}

/** The position inside a cursor sealed for this list; anything else is BAD_USER_INPUT. */
export function openCursor(sealer: Sealer, list: string, cursor: string): Position {
  const payload = sealer.open(cursor, list);
  if (payload?.length !== 24) throw invalidCursor();
  const createdAt = new Date(Number(payload.readBigInt64BE(0)));
  if (Number.isNaN(createdAt.getTime())) throw invalidCursor();
  const hex = payload.subarray(8).toString("hex");
  const id = [0, 8, 12, 16, 20].map((at, i, all) => hex.slice(at, all[i + 1] ?? 32)).join("-");
  return { createdAt, id };
}

/** Prisma filter for rows older than the position (after it, newest first). */
export function olderThan(position: Position | undefined) {
  if (!position) return {};
  const { createdAt, id } = position;
  return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
}

/** Prisma filter for rows newer than the position (before it, newest first). */
export function newerThan(position: Position | undefined) {
  if (!position) return {};
  const { createdAt, id } = position;
  return { OR: [{ createdAt: { gt: createdAt } }, { createdAt, id: { gt: id } }] };
}

export const newestFirst = [{ createdAt: "desc" as const }, { id: "desc" as const }];
export const oldestFirst = [{ createdAt: "asc" as const }, { id: "asc" as const }];

/** Page sizes a client may ask for. */
export function pageSize(first: number | null | undefined, fallback = 20): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > 100) {
    throw new ApiError("BAD_USER_INPUT", "`first` must be between 1 and 100.");
  }
  return size;
}
