import type { Indicator } from './indicator';
import { invalidInput, nothingToReplace, requirePeriod } from './internal/checks';
import { RollingSum } from './internal/rolling-sum';

/**
 * Weighted moving average (TTR `WMA` with its default weights 1..period, newest heaviest):
 * sum(i * x_i) / (period*(period+1)/2). Warm-up `period`.
 *
 * O(1): when x enters and the oldest value leaves, the weighted sum T becomes T - S + period*x,
 * S being the plain window sum before the step (every weight drops by one). T is recomputed from
 * the buffer each time the ring wraps, which bounds drift to one window.
 */
export class WMA implements Indicator<number, number> {
  readonly name: string;
  readonly warmup: number;
  private readonly window: RollingSum;
  private readonly divisor: number;
  private weighted = 0;
  private seen = 0;
  private current = NaN;
  private savedWeighted = 0;

  constructor(readonly period = 20) {
    requirePeriod('WMA', 'period', period);
    this.name = `WMA(${period})`;
    this.warmup = period;
    this.window = new RollingSum(period);
    this.divisor = (period * (period + 1)) / 2;
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
    this.window.save();
    this.savedWeighted = this.weighted;
    this.step(x);
    return this.current;
  }

  replaceLast(x: number): number | undefined {
    if (this.seen === 0) throw nothingToReplace(this.name);
    if (x - x !== 0) throw invalidInput(this.name, this.seen - 1, 'value', x);
    this.window.restore();
    this.weighted = this.savedWeighted;
    this.seen--;
    this.step(x);
    return this.seen >= this.warmup ? this.current : undefined;
  }

  reset(): void {
    this.window.reset();
    this.weighted = 0;
    this.seen = 0;
    this.current = NaN;
    this.savedWeighted = 0;
  }

  private step(x: number): void {
    const window = this.window;
    this.seen++;
    if (window.size === this.period) {
      const sumBefore = window.sum;
      if (window.push(x)) this.recompute();
      else this.weighted = this.weighted - sumBefore + this.period * x;
    } else if (window.push(x)) {
      this.recompute();
    } else {
      return;
    }
    this.current = this.weighted / this.divisor;
  }

  /** Called right after the ring wrapped: slot 0 holds the oldest value, slot period-1 the newest. */
  private recompute(): void {
    const buffer = this.window.buffer;
    let weighted = 0;
    for (let i = 0; i < buffer.length; i++) weighted += (i + 1) * buffer[i];
    this.weighted = weighted;
  }
}
