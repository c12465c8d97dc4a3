import type { HighLowClose, Indicator } from './indicator';
import { invalidBar, nothingToReplace, requirePeriod } from './internal/checks';
import { SeededEma } from './internal/seeded-ema';

const FIELDS = ['high', 'low', 'close'] as const;

/**
 * Average true range (TTR `ATR`): Wilder average (alpha = 1/period) of the true range, seeded with
 * the mean of TR[1..period] (bar 0 has no TR). Warm-up `period + 1`. `trueRange` is the latest TR.
 */
export class ATR implements Indicator<HighLowClose, number> {
  readonly name: string;
  readonly warmup: number;
  private readonly average: SeededEma;
  private previousClose = NaN;
  private tr = NaN;
  private seen = 0;
  private savedPreviousClose = NaN;

  constructor(readonly period = 14) {
    requirePeriod('ATR', 'period', period);
    this.name = `ATR(${period})`;
    this.warmup = period + 1;
    this.average = new SeededEma(period, 1 / period);
  }

  get count(): number {
    return this.seen;
  }

  get isReady(): boolean {
    return this.seen >= this.warmup;
  }

  get value(): number | undefined {
    return this.seen >= this.warmup ? this.average.value : undefined;
  }

  /** The latest true range (NaN before the second bar). */
  get trueRange(): number {
    return this.tr;
  }

  update(bar: HighLowClose): number | undefined {
    const value = this.next(bar);
    return this.seen >= this.warmup ? value : undefined;
  }

  next(bar: HighLowClose): number {
    if (bar.high - bar.high + (bar.low - bar.low) + (bar.close - bar.close) !== 0) {
      throw invalidBar(this.name, this.seen, bar, FIELDS);
    }
    this.average.save();
    this.savedPreviousClose = this.previousClose;
    this.step(bar);
    return this.average.value;
  }

  replaceLast(bar: HighLowClose): number | undefined {
    if (this.seen === 0) throw nothingToReplace(this.name);
    if (bar.high - bar.high + (bar.low - bar.low) + (bar.close - bar.close) !== 0) {
      throw invalidBar(this.name, this.seen - 1, bar, FIELDS);
    }
    this.average.restore();
    this.previousClose = this.savedPreviousClose;
    this.seen--;
    this.step(bar);
    return this.seen >= this.warmup ? this.average.value : undefined;
  }

  reset(): void {
    this.average.reset();
    this.previousClose = NaN;
    this.tr = NaN;
    this.seen = 0;
    this.savedPreviousClose = NaN;
  }

  private step(bar: HighLowClose): void {
    const previousClose = this.previousClose;
    this.previousClose = bar.close;
    if (this.seen++ === 0) return;
    const high = bar.high;
    const low = bar.low;
    const tr = (high > previousClose ? high : previousClose) - (low < previousClose ? low : previousClose);
    this.tr = tr;
    this.average.push(tr);
  }
}
