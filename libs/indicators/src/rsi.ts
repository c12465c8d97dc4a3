import type { Indicator } from './indicator';
import { invalidInput, nothingToReplace, requirePeriod } from './internal/checks';
import { SeededEma } from './internal/seeded-ema';

/**
 * Relative strength index (TTR `RSI`, Wilder): gains and losses of close-to-close changes are each
 * smoothed with alpha = 1/period, seeded with the mean of the first `period` changes;
 * RSI = 100 * up / (up + down). Warm-up `period + 1` (the first bar has no change).
 * When every change so far was 0 (up + down = 0) the RSI is 50, where TTR would give NaN.
 */
export class RSI implements Indicator<number, number> {
  readonly name: string;
  readonly warmup: number;
  private readonly gains: SeededEma;
  private readonly losses: SeededEma;
  private previous = NaN;
  private seen = 0;
  private current = NaN;
  private savedPrevious = NaN;

  constructor(readonly period = 14) {
    requirePeriod('RSI', 'period', period);
    this.name = `RSI(${period})`;
    this.warmup = period + 1;
    this.gains = new SeededEma(period, 1 / period);
    this.losses = new SeededEma(period, 1 / period);
  }

  get count(): number {
    return this.seen;
  }

  get isReady(): boolean {
    return this.seen >= this.warmup;
  }

  get value(): number | undefined {
    return this.seen >= this.warmup ? this.current : undefined;
  }

  update(x: number): number | undefined {
    const value = this.next(x);
    return this.seen >= this.warmup ? value : undefined;
  }

  next(x: number): number {
    if (x - x !== 0) throw invalidInput(this.name, this.seen, 'value', x);
    this.gains.save();
    this.losses.save();
    this.savedPrevious = this.previous;
    this.step(x);
    return this.current;
  }

  replaceLast(x: number): number | undefined {
    if (this.seen === 0) throw nothingToReplace(this.name);
    if (x - x !== 0) throw invalidInput(this.name, this.seen - 1, 'value', x);
    this.gains.restore();
    this.losses.restore();
    this.previous = this.savedPrevious;
    this.seen--;
    this.step(x);
    return this.seen >= this.warmup ? this.current : undefined;
  }

  reset(): void {
    this.gains.reset();
    this.losses.reset();
    this.previous = NaN;
    this.seen = 0;
    this.current = NaN;
    this.savedPrevious = NaN;
  }

  private step(x: number): void {
    const gains = this.gains;
    const losses = this.losses;
    if (this.seen++ > 0) {
      const change = x - this.previous;
      gains.push(change > 0 ? change : 0);
      losses.push(change < 0 ? -change : 0);
    }
    this.previous = x;
    if (gains.seen !== this.period) return;
    const up = gains.value;
    const total = up + losses.value;
    this.current = total === 0 ? 50 : (100 * up) / total;
  }
}
