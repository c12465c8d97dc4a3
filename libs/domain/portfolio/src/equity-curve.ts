import { NumberSeries } from './number-series';

/**
 * Bar-close equity and its drawdown. Points are keyed by event time: a second mark at the same time
 * (another instrument's bar of the same period, or a fill the bar caused arriving after the bar)
 * replaces the last point instead of adding one, so the curve has one point per bar time whatever
 * order the bus delivers them in.
 *
 * A class so that the per-bar update is a method call: every bar marks each curve, and a method is
 * a direct call where another module's exported function goes through a getter under the CommonJS
 * interop tsx generates.
 */
export class EquityCurve {
  /** Bar times and equity at each; left empty when points are not kept. */
  readonly ts = new NumberSeries();
  readonly equity = new NumberSeries();
  // Every number field starts as a number (never undefined), so V8 keeps it a double field updated
  // in place: a field that once held undefined would box a new number at every store, every bar.
  /** Time of the last point; -1 before the first. */
  lastTs = -1;
  /** Equity of the last point; the starting equity before the first. */
  lastEquity = NaN;
  /** Running peak including the last point, and the peak before it (to replace the last point). */
  peak = NaN;
  peakBefore = NaN;
  /** Drawdown of the last point from the peak, in percent, <= 0. */
  drawdownPct = 0;
  /** Deepest drawdown so far (<= 0), and before the last point. */
  maxDrawdownPct = 0;
  maxDrawdownBefore = 0;

  /** The curve starts at the starting equity, which is also the first peak. */
  constructor(
    startEquity: number,
    readonly keepPoints: boolean,
  ) {
    this.lastEquity = startEquity;
    this.peak = startEquity;
    this.peakBefore = startEquity;
  }

  /** The peak the curve would have after `equity` at `ts`: a bar close adds a point, a fill only refreshes a point of its own time. */
  peakAfter(ts: number, equity: number, barClose: boolean): number {
    if (ts === this.lastTs) return Math.max(this.peakBefore, equity);
    return barClose ? Math.max(this.peak, equity) : this.peak;
  }

  /** Adds a bar-close point, or replaces the last one when it has the same time. */
  mark(ts: number, equity: number): void {
    if (ts === this.lastTs) {
      this.peak = Math.max(this.peakBefore, equity);
      if (this.keepPoints) this.equity.setLast(equity);
    } else {
      this.peakBefore = this.peak;
      this.maxDrawdownBefore = this.maxDrawdownPct;
      this.peak = Math.max(this.peak, equity);
      this.lastTs = ts;
      if (this.keepPoints) {
        this.ts.push(ts);
        this.equity.push(equity);
      }
    }
    this.lastEquity = equity;
    this.drawdownPct = drawdownPct(this.peak, equity);
    this.maxDrawdownPct = Math.min(this.maxDrawdownBefore, this.drawdownPct);
  }
}

/** Drawdown of `equity` below `peak` in percent (negative), 0 at or above the peak or without a positive peak. */
export function drawdownPct(peak: number, equity: number): number {
  return peak > 0 && equity < peak ? ((equity - peak) / peak) * 100 : 0;
}
