/**
 * One page of a list that holds only what the viewer may see. Candidates are
 * read in a stable order, checked in batches (one Keto round per batch), and
 * the page is refilled until it is full, the data ends, or the scan bound is
 * reached. The first batch is just big enough for the page (plus one row, to
 * know whether another page follows), since candidates are expected to be
 * mostly visible; a refill means they were not, so later batches grow. Hidden rows never appear and never count. Positions are whatever
 * the caller orders by; turning them into cursors is the caller's job.
 */
export interface VisiblePageOptions<T, P> {
  first: number;
  after: P | undefined;
  /** Up to `take` candidates strictly after the position, in list order. */
  fetch(after: P | undefined, take: number): Promise<T[]>;
  positionOf(item: T): P;
  /**
   * Visibility of each candidate, in order; called once per batch so the
   * checks batch too. Only the first `fitting` items can land on the page
   * (the rest may only tell whether a next page exists).
   */
  visible(items: T[], fitting: number): Promise<boolean[]>;
  /** Candidates a single request may scan before it returns what it has. */
  maxScan?: number;
}

export interface VisiblePage<T, P> {
  edges: { position: P; node: T }[];
  hasNextPage: boolean;
  /** Where the next page starts: the last edge, or the last row scanned when the bound hit. */
  resumeAt: P | null;
}

export async function visiblePage<T, P>(
  options: VisiblePageOptions<T, P>,
): Promise<VisiblePage<T, P>> {
  const { first, maxScan = 1_000 } = options;
  const edges: { position: P; node: T }[] = [];
  let position = options.after;
  let scanned = 0;
  let exhausted = false;

  // Look for one more than asked, so hasNextPage is exact when the scan allows.
  while (edges.length <= first && scanned < maxScan) {
    const wanted = first + 1 - edges.length;
    const take = Math.min(maxScan - scanned, scanned === 0 ? wanted : Math.max(20, wanted * 2));
    const batch = await options.fetch(position, take);
    const allowed = batch.length > 0 ? await options.visible(batch, wanted - 1) : [];
    for (const [index, item] of batch.entries()) {
      scanned += 1;
      position = options.positionOf(item);
      if (allowed[index]) edges.push({ position, node: item });
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
  const resumeAt = edges.length > first ? page.at(-1)?.position : position;
  return {
    edges: page,
    hasNextPage,
    resumeAt: (hasNextPage ? resumeAt : page.at(-1)?.position) ?? null,
  };
}
