import type { Indicator } from './indicator';
import { invalidInput, nothingToReplace, requirePeriod } from './internal/checks';
import { RollingSum } from './internal/rolling-sum';

/** Simple moving average (TTR `SMA`): mean of the last `period` values. Warm-up `period`. */
export class SMA implements Indicator<number, number> {
  readonly name: string;
  readonly warmup: number;
  private readonly window: RollingSum;
  private seen = 0;
  private current = NaN;

  constructor(readonly period = 20) {
    requirePeriod('SMA', 'period', period);
    this.name = `SMA(${period})`;
    this.warmup = period;
    this.window = new RollingSum(period);
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
    this.step(x);
    return this.current;
  }

  replaceLast(x: number): number | undefined {
    if (this.seen === 0) throw nothingToReplace(this.name);
    if (x - x !== 0) throw invalidInput(this.name, this.seen - 1, 'value', x);
    this.window.restore();
    this.seen--;
    this.step(x);
    return this.seen >= this.warmup ? this.current : undefined;
  }

  reset(): void {
    this.window.reset();
    this.seen = 0;
    this.current = NaN;
  }

  private step(x: number): void {
    const window = this.window;
    window.push(x);
    this.seen++;
    if (window.size !== this.period) return;
    this.current = window.sum / this.period;
  }
}
