/** Nearest-rank percentile (p in (0, 100]) of samples that need not be sorted. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('percentile: no samples');
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile: p must be in (0, 100], got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

/** Rounded for output: latencies are measured in fractions of a millisecond. */
export const ms3 = <T extends number | null>(x: T): T => (x === null ? x : ((Math.round(x * 1000) / 1000) as T));

/**
 * Whether the latency grew during a window of samples in arrival order: the median of the last third
 * against the first third. A pipeline that keeps up has the same median in both; one that falls
 * behind queues, and every later candle waits longer than the one before.
 */
export function lagGrew(samplesInOrder: readonly number[]): { grew: boolean; firstP50: number; lastP50: number } {
  if (samplesInOrder.length < 3) throw new RangeError(`lagGrew: needs at least 3 samples, got ${samplesInOrder.length}`);
  const third = Math.floor(samplesInOrder.length / 3);
  const firstP50 = percentile(samplesInOrder.slice(0, third), 50);
  const lastP50 = percentile(samplesInOrder.slice(-third), 50);
  // 2x plus 2 ms: enough slack that a GC pause or a fsync hiccup alone does not count as growth.
  return { grew: lastP50 > 2 * firstP50 + 2, firstP50, lastP50 };
}
