import { NumberSeries } from './number-series';

/**
 * Bar-close equity and its drawdown. Points are keyed by event time: a second mark at the same time
 * (another instrument's bar of the same period, or a fill the bar caused arriving after the bar)
 * replaces the last point instead of adding one, so the curve has one point per bar time whatever
 * order the bus delivers them in.
 */
export interface EquityCurve {
  /** Bar times and equity at each; left empty when points are not kept. */
  readonly ts: NumberSeries;
  readonly equity: NumberSeries;
  readonly keepPoints: boolean;
  /** Time of the last point; -1 before the first. */
  lastTs: number;
  lastEquity: number;
  /** Running peak including the last point, and the peak before it (to replace the last point). */
  peak: number;
  peakBefore: number;
  /** Drawdown of the last point from the peak, in percent, <= 0. */
  drawdownPct: number;
  /** Deepest drawdown so far (<= 0), and before the last point. */
  maxDrawdownPct: number;
  maxDrawdownBefore: number;
}

/** The curve starts at the starting equity, which is also the first peak. */
export function newEquityCurve(startEquity: number, keepPoints: boolean): EquityCurve {
  return {
    ts: new NumberSeries(),
    equity: new NumberSeries(),
    keepPoints,
    lastTs: -1,
    lastEquity: startEquity,
    peak: startEquity,
    peakBefore: startEquity,
    drawdownPct: 0,
    maxDrawdownPct: 0,
    maxDrawdownBefore: 0,
  };
}

/** Drawdown of `equity` below `peak` in percent (negative), 0 at or above the peak or without a positive peak. */
export function drawdownPct(peak: number, equity: number): number {
  return peak > 0 && equity < peak ? ((equity - peak) / peak) * 100 : 0;
}

/** The peak the curve would have after `equity` at `ts`: a bar close adds a point, a fill only refreshes a point of its own time. */
export function peakAfter(curve: EquityCurve, ts: number, equity: number, barClose: boolean): number {
  if (ts === curve.lastTs) return Math.max(curve.peakBefore, equity);
  return barClose ? Math.max(curve.peak, equity) : curve.peak;
}

/** Adds a bar-close point, or replaces the last one when it has the same time. */
export function markCurve(curve: EquityCurve, ts: number, equity: number): void {
  if (ts === curve.lastTs) {
    curve.peak = Math.max(curve.peakBefore, equity);
    if (curve.keepPoints) curve.equity.setLast(equity);
  } else {
    curve.peakBefore = curve.peak;
    curve.maxDrawdownBefore = curve.maxDrawdownPct;
    curve.peak = Math.max(curve.peak, equity);
    curve.lastTs = ts;
    if (curve.keepPoints) {
      curve.ts.push(ts);
      curve.equity.push(equity);
    }
  }
  curve.lastEquity = equity;
  curve.drawdownPct = drawdownPct(curve.peak, equity);
  curve.maxDrawdownPct = Math.min(curve.maxDrawdownBefore, curve.drawdownPct);
}
