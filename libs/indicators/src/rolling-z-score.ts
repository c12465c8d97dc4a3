import type { Indicator } from './indicator';
import { invalidInput, nothingToReplace, requirePeriod } from './internal/checks';
import { RollingMoments } from './internal/rolling-moments';
import type { DeviationOptions } from './rolling-std-dev';

/**
 * Rolling z-score of the latest value: (x - mean) / sd over the last `period` values (x included),
 * population sd by default. Warm-up `period`. A window of identical values (sd = 0) scores 0.
 */
export class RollingZScore implements Indicator<number, number> {
  readonly name: string;
  readonly warmup: number;
  private readonly moments: RollingMoments;
  private readonly divisor: number;
  private seen = 0;
  private current = NaN;

  constructor(
    readonly period = 20,
    options: DeviationOptions = {},
  ) {
    const sample = options.sample === true;
    const name = sample ? `RollingZScore(${period}, sample)` : `RollingZScore(${period})`;
    requirePeriod(name, 'period', period, 2);
    this.name = name;
    this.warmup = period;
    this.divisor = sample ? period - 1 : period;
    this.moments = new RollingMoments(period);
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
    this.moments.save();
    this.step(x);
    return this.current;
  }

  replaceLast(x: number): number | undefined {
    if (this.seen === 0) throw nothingToReplace(this.name);
    if (x - x !== 0) throw invalidInput(this.name, this.seen - 1, 'value', x);
    this.moments.restore();
    this.seen--;
    this.step(x);
    return this.seen >= this.warmup ? this.current : undefined;
  }

  reset(): void {
    this.moments.reset();
    this.seen = 0;
    this.current = NaN;
  }

  private step(x: number): void {
    const moments = this.moments;
    moments.push(x);
    this.seen++;
    if (moments.ring.size !== this.period) return;
    const sd = Math.sqrt(moments.variance(this.divisor));
    this.current = sd === 0 ? 0 : (x - moments.ring.sum / this.period) / sd;
  }
}
