const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type Unit = keyof typeof UNIT_MS;
// Largest unit first, so 3600000 ms is `1h`, not `60m`.
const UNITS_DESCENDING: readonly Unit[] = ['w', 'd', 'h', 'm', 's'];

/** `1m` -> 60000. Throws on anything that is not a count and one of s, m, h, d, w. */
export function timeframeToMs(tf: string): number {
  const match = /^([1-9][0-9]*)([smhdw])$/.exec(tf);
  if (match === null) throw new Error(`timeframe ${JSON.stringify(tf)} is not a count and a unit (s, m, h, d, w), e.g. 1m, 4h, 1d`);
  return Number(match[1]) * UNIT_MS[match[2] as Unit];
}

/**
 * 60000 -> `1m`, in the largest unit that divides it. Spacings that are not whole seconds have no
 * timeframe name (the contracts' pattern is count + unit), so they are refused.
 */
export function msToTimeframe(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms <= 0 || ms % 1_000 !== 0) {
    throw new Error(`msToTimeframe: ${ms} ms is not a positive whole number of seconds, so it has no timeframe name`);
  }
  for (const unit of UNITS_DESCENDING) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  throw new Error('unreachable: every whole number of seconds divides by 1s');
}

/**
 * Median spacing between consecutive times, the series' natural bar length even when it has gaps
 * (weekends, outages). Bar spacings take few distinct values, so counting them gives the exact
 * median in O(n) without sorting n numbers. Returns NaN for fewer than two times.
 */
export function medianSpacingMs(time: ArrayLike<number>, length = time.length): number {
  if (length < 2) return NaN;
  const counts = new Map<number, number>();
  for (let i = 1; i < length; i++) {
    const d = time[i] - time[i - 1];
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  const spacings = [...counts.keys()].sort((a, b) => a - b);
  const total = length - 1;
  // Lower median for an even count: an actual spacing, never the mean of two.
  const rank = Math.floor((total - 1) / 2);
  let seen = 0;
  for (const s of spacings) {
    seen += counts.get(s) as number;
    if (seen > rank) return s;
  }
  return spacings[spacings.length - 1];
}
