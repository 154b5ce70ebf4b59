import type { ServerResponse } from "node:http";
import type { HerodotError } from "../http.ts";

/**
 * The two pagination styles Kratos' session lists use. Links are relative (path and query
 * of the request, as Go's `r.URL` is on a server) with the query keys sorted.
 */

const DEFAULT_ITEMS = 250;
const MAX_ITEMS = 1000;

function clampItems(value: number): number {
  return Math.max(1, Math.min(MAX_ITEMS, value));
}

/** Go's strconv.ParseInt: an optional sign and decimal digits, nothing else. */
function parseInteger(raw: string | null): number | undefined {
  return raw !== null && /^[+-]?\d+$/.test(raw) ? Number(raw) : undefined;
}

function relativeLink(url: URL, set: Record<string, string>, rel: string): string {
  const query = new URLSearchParams(url.search);
  for (const [key, value] of Object.entries(set)) query.set(key, value);
  query.sort();
  return `<${url.pathname}?${query.toString()}>; rel="${rel}"`;
}

// Offset pages (`GET /sessions`, `GET /admin/identities/{id}/sessions`): `page`/`per_page`,
// or `page_token`/`page_size` where the token wraps an offset.

export interface OffsetPage {
  page: number;
  perPage: number;
}

function encodeOffsetToken(offset: number): string {
  return Buffer.from(`{"offset":"${offset}","v":2}`).toString("base64url");
}

function decodeOffsetToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    const offset = Number(parsed.offset);
    return Number.isFinite(offset) ? offset : 0;
  } catch {
    return 0;
  }
}

export function parseOffsetPage(query: URLSearchParams): OffsetPage {
  if (query.has("page_token") || query.has("page_size")) {
    const token = query.get("page_token");
    const offset = token ? decodeOffsetToken(token) : 0;
    const perPage = clampItems(parseInteger(query.get("page_size")) ?? DEFAULT_ITEMS);
    return { page: offset > 0 ? Math.floor(offset / perPage) : 0, perPage };
  }
  const page = Math.max(0, parseInteger(query.get("page")) ?? 0);
  const perPage = clampItems(parseInteger(query.get("per_page")) ?? DEFAULT_ITEMS);
  return { page, perPage };
}

/**
 * `X-Total-Count` and the `Link` header with first/next/prev/last as Kratos computes them,
 * quirks included: a list that fits one page links only `first`, sized to the total.
 */
export function setOffsetLinks(res: ServerResponse, url: URL, total: number, page: OffsetPage) {
  const size = page.perPage;
  const offset = page.page * size;
  const link = (rel: string, itemsPerPage: number, at: number) =>
    relativeLink(
      url,
      {
        page: String(Math.trunc(at / itemsPerPage)),
        page_size: String(itemsPerPage),
        page_token: encodeOffsetToken(at),
        per_page: String(itemsPerPage),
      },
      rel,
    );
  const lastOffset = total % size === 0 ? total - size : Math.floor(total / size) * size;
  const current = Math.trunc(offset / size);
  res.setHeader("X-Total-Count", String(total));
  let links: string[];
  if (offset >= lastOffset) {
    if (total === 0) {
      links = [
        link("first", size, 0),
        link("next", size, (current + 1) * size),
        link("prev", size, (current - 1) * size),
      ];
    } else if (total <= size) {
      links = [link("first", total, 0)];
    } else {
      links = [link("first", size, 0), link("prev", size, lastOffset - size)];
    }
  } else if (offset < size) {
    links = [link("next", size, size), link("last", size, lastOffset)];
  } else {
    links = [
      link("first", size, 0),
      link("next", size, (current + 1) * size),
      link("prev", size, (current - 1) * size),
      link("last", size, lastOffset),
    ];
  }
  res.setHeader("Link", links.join(","));
}

// Keyset pages (`GET /admin/sessions`): the token names the last item of the previous page
// by `id` and `created_at`; items are newest first.

export interface KeysetCursor {
  id: string;
  createdAt: string;
}

export interface KeysetPage {
  size: number;
  after: KeysetCursor;
}

const NIL_UUID = "00000000-0000-0000-0000-000000000000";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Where a first page starts: after a cursor later than any real item. */
const FIRST_CURSOR: KeysetCursor = { id: NIL_UUID, createdAt: "2200-12-31T23:59:59.000Z" };

/** Go's "2006-01-02 15:04:05.99999" in UTC: up to five fraction digits, zeros trimmed. */
function formatCursorTime(iso: string): string {
  const [date, time] = iso.replace(/Z$/, "").split("T");
  const [clock, fraction = ""] = time.split(".");
  const trimmed = fraction.slice(0, 5).replace(/0+$/, "");
  return `${date} ${clock}${trimmed ? `.${trimmed}` : ""}`;
}

function parseCursorTime(value: string): string | undefined {
  const date = new Date(`${value.replace(" ", "T")}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function encodeKeysetToken(cursor: KeysetCursor): string {
  const text = `id=${cursor.id}/created_at=${formatCursorTime(cursor.createdAt)}`;
  return Buffer.from(text).toString("base64").replace(/=+$/, "");
}

const badRequest = (message: string, reason?: string): HerodotError => ({
  status: 400,
  message,
  ...(reason ? { reason } : {}),
});

/** `page_size` and `page_token`, or the 400 Kratos answers for either being unreadable. */
export function parseKeysetPage(query: URLSearchParams): KeysetPage | HerodotError {
  const unparsable = badRequest("could not parse parameter page_size");
  let size = DEFAULT_ITEMS;
  const rawSize = query.get("page_size");
  if (rawSize) {
    const parsed = parseInteger(rawSize);
    if (parsed === undefined) return unparsable;
    size = parsed <= 0 ? DEFAULT_ITEMS : Math.min(parsed, MAX_ITEMS);
  }
  const token = query.get("page_token");
  if (!token) return { size, after: FIRST_CURSOR };
  if (!/^[A-Za-z0-9+/]*$/.test(token)) return unparsable;
  const fields = new Map<string, string>();
  for (const part of Buffer.from(token, "base64").toString("utf8").split("/")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const id = fields.get("id") ?? "";
  if (!UUID.test(id)) {
    return badRequest(
      "The request was malformed or contained invalid parameters",
      "The page token is invalid, do not craft your own page tokens",
    );
  }
  const createdAt = parseCursorTime(fields.get("created_at") ?? "");
  return { size, after: createdAt ? { id, createdAt } : { id, createdAt: FIRST_CURSOR.createdAt } };
}

/** Newest first, ties broken by id; `after` excludes everything up to the cursor. */
export function keysetSlice<T>(items: T[], cursorOf: (item: T) => KeysetCursor, page: KeysetPage) {
  const sorted = [...items].sort((a, b) => {
    const x = cursorOf(a);
    const y = cursorOf(b);
    return y.createdAt.localeCompare(x.createdAt) || x.id.localeCompare(y.id);
  });
  const remaining = sorted.filter((item) => {
    const c = cursorOf(item);
    return (
      c.createdAt < page.after.createdAt ||
      (c.createdAt === page.after.createdAt && c.id > page.after.id)
    );
  });
  const pageItems = remaining.slice(0, page.size);
  const next = remaining.length > page.size ? cursorOf(pageItems[pageItems.length - 1]) : undefined;
  return { items: pageItems, next };
}

/** `Link` with `first` and, unless this is the last page, `next`. */
export function setKeysetLinks(res: ServerResponse, url: URL, size: number, next?: KeysetCursor) {
  const link = (rel: string, token: string) =>
    relativeLink(url, { page_size: String(size), page_token: token }, rel);
  const links = [link("first", encodeKeysetToken(FIRST_CURSOR))];
  if (next) links.push(link("next", encodeKeysetToken(next)));
  res.setHeader("Link", links.join(","));
}
