import type { Indicator } from './indicator';
import { invalidInput, nothingToReplace, requirePeriod } from './internal/checks';

export interface EmaOptions {
  /** Wilder's smoothing: alpha = 1/period instead of 2/(period+1). */
  readonly wilder?: boolean;
}

/**
 * Exponential moving average (TTR `EMA`): seeded with the SMA of the first `period` values
 * (accumulated as a sum of x/period, as TTR does), then value = x*k + previous*(1-k) with
 * k = 2/(period+1) (or 1/period with `wilder`). Warm-up `period`.
 *
 * The most called indicator, so it keeps its state inline and `replaceLast` recomputes from the
 * value before the last input (one saved number) instead of a generic save/restore.
 */
export class EMA implements Indicator<number, number> {
  readonly name: string;
  readonly warmup: number;
  private readonly alpha: number;
  private readonly decay: number;
  private current = NaN;
  /** The value before the latest input, once seeded. */
  private previous = NaN;
  private seed = 0;
  /** The seed sum before the latest input, during the warm-up. */
  private seedBefore = 0;
  private seen = 0;

  constructor(
    readonly period = 20,
    options: EmaOptions = {},
  ) {
    requirePeriod('EMA', 'period', period);
    const wilder = options.wilder === true;
    this.name = wilder ? `EMA(${period}, wilder)` : `EMA(${period})`;
    this.warmup = period;
    this.alpha = wilder ? 1 / period : 2 / (period + 1);
    this.decay = 1 - this.alpha;
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
    const seen = this.seen++;
    if (seen >= this.period) {
      const previous = this.current;
      this.previous = previous;
      return (this.current = x * this.alpha + previous * this.decay);
    }
    this.seedBefore = this.seed;
    return this.warm(x, seen);
  }

  replaceLast(x: number): number | undefined {
    if (this.seen === 0) throw nothingToReplace(this.name);
    if (x - x !== 0) throw invalidInput(this.name, this.seen - 1, 'value', x);
    const seen = this.seen - 1;
    if (seen >= this.period) return (this.current = x * this.alpha + this.previous * this.decay);
    this.seed = this.seedBefore;
    const value = this.warm(x, seen);
    return seen + 1 >= this.warmup ? value : undefined;
  }

  reset(): void {
    this.current = NaN;
    this.previous = NaN;
    this.seed = 0;
    this.seedBefore = 0;
    this.seen = 0;
  }

  /** Input number `seen` (0-based) of the warm-up: accumulate the seed; the last one sets the value. */
  private warm(x: number, seen: number): number {
    this.seed += x / this.period;
    if (seen + 1 < this.period) return NaN;
    return (this.current = this.seed);
  }
}
