/** Nearest-rank percentile of samples in milliseconds; with few samples p99 is the maximum. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export const elapsedMs = (startNs: bigint) => Number(process.hrtime.bigint() - startNs) / 1e6;
