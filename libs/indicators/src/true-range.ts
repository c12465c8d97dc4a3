import type { HighLowClose, Indicator } from './indicator';
import { invalidBar, nothingToReplace } from './internal/checks';

const FIELDS = ['high', 'low', 'close'] as const;

/**
 * True range (TTR `ATR`'s `tr`): max(high, previous close) - min(low, previous close).
 * The first bar has no previous close, so no value: warm-up 2.
 */
export class TrueRange implements Indicator<HighLowClose, number> {
  readonly name = 'TrueRange';
  readonly warmup = 2;
  private previousClose = NaN;
  private seen = 0;
  private current = NaN;
  private savedPreviousClose = NaN;

  get count(): number {
    return this.seen;
  }

  get isReady(): boolean {
    return this.seen >= 2;
  }

  get value(): number | undefined {
    return this.seen >= 2 ? this.current : undefined;
  }

  update(bar: HighLowClose): number | undefined {
    const value = this.next(bar);
    return this.seen >= this.warmup ? value : undefined;
  }

  next(bar: HighLowClose): number {
    if (bar.high - bar.high + (bar.low - bar.low) + (bar.close - bar.close) !== 0) {
      throw invalidBar(this.name, this.seen, bar, FIELDS);
    }
    this.savedPreviousClose = this.previousClose;
    this.step(bar);
    return this.current;
  }

  replaceLast(bar: HighLowClose): number | undefined {
    if (this.seen === 0) throw nothingToReplace(this.name);
    if (bar.high - bar.high + (bar.low - bar.low) + (bar.close - bar.close) !== 0) {
      throw invalidBar(this.name, this.seen - 1, bar, FIELDS);
    }
    this.previousClose = this.savedPreviousClose;
    this.seen--;
    this.step(bar);
    return this.seen >= this.warmup ? this.current : undefined;
  }

  reset(): void {
    this.previousClose = NaN;
    this.seen = 0;
    this.current = NaN;
    this.savedPreviousClose = NaN;
  }

  private step(bar: HighLowClose): void {
    const previousClose = this.previousClose;
    this.previousClose = bar.close;
    if (this.seen++ === 0) return;
    const high = bar.high;
    const low = bar.low;
    this.current = (high > previousClose ? high : previousClose) - (low < previousClose ? low : previousClose);
  }
}
