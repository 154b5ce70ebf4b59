import { ApiError } from "../errors.ts";

/** A list position: rows are ordered by creation time, ties broken by id. */
export interface Position {
  createdAt: Date;
  id: string;
}

export function encodeCursor(row: Position): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");
}

export function decodeCursor(cursor: string): Position {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    const date = new Date(createdAt);
    if (typeof id === "string" && !Number.isNaN(date.getTime())) return { createdAt: date, id };
  } catch {
    // fall through to the error below
  }
  throw new ApiError("BAD_USER_INPUT", "Invalid cursor: pass a cursor from a previous page.");
}

/** Prisma filter for rows older than the cursor's position (after it, newest first). */
export function olderThan(cursor: string | undefined) {
  if (!cursor) return {};
  const { createdAt, id } = decodeCursor(cursor);
  return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
}

/** Prisma filter for rows newer than the cursor's position (before it, newest first). */
export function newerThan(cursor: string | undefined) {
  if (!cursor) return {};
  const { createdAt, id } = decodeCursor(cursor);
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
