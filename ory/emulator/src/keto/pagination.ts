import { HttpError } from "../http.ts";

/** Keto's list defaults (keysetpagination_v2): 100 per page, at most 500 (not the spec's 250/1000). */
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 500;

export function pageSize(value: string | null): number {
  if (value === null || value === "") return DEFAULT_PAGE_SIZE;
  if (!/^\d+$/.test(value)) {
    throw new HttpError({ status: 400, reason: `invalid page_size ${JSON.stringify(value)}` });
  }
  const size = Number.parseInt(value, 10);
  if (size <= 0) return DEFAULT_PAGE_SIZE;
  return Math.min(size, MAX_PAGE_SIZE);
}

/**
 * Page tokens are opaque to clients (Keto encrypts them); here they carry the last row id of the
 * previous page, wrapped so that clients are not tempted to build them.
 */
export function encodePageToken(lastId: number): string {
  return Buffer.from(JSON.stringify({ keyset: lastId })).toString("base64url");
}

export function decodePageToken(token: string | null): number {
  if (token === null || token === "") return 0;
  try {
    const { keyset } = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (Number.isInteger(keyset) && keyset >= 0) return keyset;
  } catch {
    // fall through to the error below
  }
  throw new HttpError({ status: 400, reason: "the page token is invalid" });
}
