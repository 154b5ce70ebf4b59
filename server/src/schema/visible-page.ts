/**
 * One page of a list that holds only what the viewer may see. Candidates are
 * read from the database in a stable order, checked in batches (one Keto
 * round per batch), and the page is refilled until it is full, the data ends,
 * or the scan bound is reached. Hidden rows never appear and never count.
 */
export interface VisiblePageOptions<T> {
  first: number;
  after: string | null | undefined;
  /** Up to `take` candidates strictly after the cursor, in list order. */
  fetch(after: string | undefined, take: number): Promise<T[]>;
  cursorOf(item: T): string;
  /** Visibility of each candidate, in order; called once per batch so the checks batch too. */
  visible(items: T[]): Promise<boolean[]>;
  /** Candidates a single request may scan before it returns what it has. */
  maxScan?: number;
}

export interface VisiblePage<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

export async function visiblePage<T>(options: VisiblePageOptions<T>): Promise<VisiblePage<T>> {
  const { first, maxScan = 1_000 } = options;
  const edges: { cursor: string; node: T }[] = [];
  let cursor = options.after ?? undefined;
  let scanned = 0;
  let exhausted = false;

  // Look for one more than asked, so hasNextPage is exact when the scan allows.
  while (edges.length <= first && scanned < maxScan) {
    const wanted = first + 1 - edges.length;
    const take = Math.min(maxScan - scanned, Math.max(20, wanted * 2));
    const batch = await options.fetch(cursor, take);
    const allowed = batch.length > 0 ? await options.visible(batch) : [];
    for (const [index, item] of batch.entries()) {
      scanned += 1;
      cursor = options.cursorOf(item);
      if (allowed[index]) edges.push({ cursor, node: item });
      if (edges.length > first) break;
    }
    if (batch.length < take) {
      exhausted = edges.length <= first;
      break;
    }
  }

  const hasNextPage = edges.length > first || !exhausted;
  const page = edges.slice(0, first);
  // When the scan bound stopped a short page, continue after the last row scanned.
  const resumeAt = edges.length > first ? page.at(-1)?.cursor : cursor;
  return {
    edges: page,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(options.after),
      startCursor: page[0]?.cursor ?? null,
      endCursor: (hasNextPage ? resumeAt : page.at(-1)?.cursor) ?? null,
    },
  };
}
