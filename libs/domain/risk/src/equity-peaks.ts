import type { DrawdownWindow } from './risk-config';

export const DAY_MS = 86_400_000;

/** An equity with the peaks drawdowns are measured from: the highest ever, and the highest of its UTC day. */
export interface EquityPeaks {
  /** Latest equity; NaN when unknown. */
  equity: number;
  /** Highest equity seen; NaN when none. */
  peakEquity: number;
  /** Highest equity of day `day`, that day's opening equity (the last one before it) included; NaN when none. */
  dayPeakEquity: number;
  /** UTC day (event time / DAY_MS, rounded down) of the latest equity; NaN before any. */
  day: number;
}

/** Peaks before any equity is known. */
export function newEquityPeaks(): EquityPeaks {
  return { equity: NaN, peakEquity: NaN, dayPeakEquity: NaN, day: NaN };
}

/** Running max that ignores unknown (NaN) values. */
export function maxKnown(a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return a > b ? a : b;
}

/** Folds an equity at event time `ts` into `p`, in place. A late equity of an earlier day only counts towards the peaks. */
export function observeEquity(p: EquityPeaks, equity: number, ts: number): void {
  const day = Math.floor(ts / DAY_MS);
  if (Number.isNaN(p.day) || day > p.day) {
    p.dayPeakEquity = maxKnown(p.equity, equity);
    p.day = day;
  } else {
    p.dayPeakEquity = maxKnown(p.dayPeakEquity, equity);
  }
  p.equity = equity;
  p.peakEquity = maxKnown(p.peakEquity, equity);
}

/**
 * The peak a drawdown over `window` is measured from at event time `ts`. On a day with no equity
 * yet, the day's peak is its opening equity, the latest one: a new day starts at 0 % drawdown.
 */
export function peakOf(p: EquityPeaks, window: DrawdownWindow, ts: number): number {
  if (window === 'all') return p.peakEquity;
  return Math.floor(ts / DAY_MS) > p.day ? p.equity : p.dayPeakEquity;
}
