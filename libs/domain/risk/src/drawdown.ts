import { maxKnown } from './equity-peaks';
import type { DrawdownLimits } from './risk-config';

export type DrawdownLevel = 'ok' | 'reduceOnly' | 'halt' | 'liquidate' | 'unknown';

export interface DrawdownStatus {
  readonly level: DrawdownLevel;
  /** Percent below the peak (of the limits' window); NaN when the equity is unknown. */
  readonly pct: number;
}

const OK: DrawdownStatus = { level: 'ok', pct: 0 };

/**
 * Where an equity stands against its drawdown limits. The current equity takes part in the peak, so
 * a fresh high is 0 % drawdown. A peak at or below zero leaves nothing to lose: 100 %.
 */
export function drawdownStatus(equity: number, peak: number, limits: DrawdownLimits): DrawdownStatus {
  if (limits.reduceOnlyAtPct === Infinity && limits.haltAtPct === Infinity && limits.liquidateAtPct === Infinity) return OK;
  if (Number.isNaN(equity)) return { level: 'unknown', pct: NaN };
  const pct = drawdownPct(equity, peak);
  if (pct >= limits.liquidateAtPct) return { level: 'liquidate', pct };
  if (pct >= limits.haltAtPct) return { level: 'halt', pct };
  if (pct >= limits.reduceOnlyAtPct) return { level: 'reduceOnly', pct };
  return { level: 'ok', pct };
}

/** Percent of `equity` below `peak`, the equity taking part in the peak; 100 when that peak is at or below zero. */
export function drawdownPct(equity: number, peak: number): number {
  const top = maxKnown(peak, equity);
  return top > 0 ? ((top - equity) / top) * 100 : 100;
}

/** How a drawdown's window reads in a reason: nothing for `all`, the day's start for `day`. */
export function windowWords(limits: DrawdownLimits): string {
  return limits.window === 'day' ? ' (since the UTC day began)' : '';
}
