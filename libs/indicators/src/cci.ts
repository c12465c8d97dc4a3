import type { HighLowClose, Indicator } from './indicator';
import { invalidBar, nothingToReplace, requirePeriod, requirePositive } from './internal/checks';
import { RollingSum } from './internal/rolling-sum';

const FIELDS = ['high', 'low', 'close'] as const;

/**
 * Commodity channel index (TTR `CCI`): tp = (high + low + close) / 3; CCI = (tp - SMA(tp)) /
 * (constant * mean |tp_i - SMA(tp)|) over the last `period` bars. Warm-up `period`.
 *
 * O(period) per update, the one exception in this library: the mean deviation is taken around the
 * current mean, which moves every bar, so every term changes. With the usual small periods this is
 * a tight loop over a Float64Array. A window of identical typical prices gives 0 (TTR: NaN).
 */
export class CCI implements Indicator<HighLowClose, number> {
  readonly name: string;
  readonly warmup: number;
  private readonly window: RollingSum;
  private seen = 0;
  private current = NaN;
  private run = 0;
  private lastTypical = NaN;
  private savedRun = 0;
  private savedLastTypical = NaN;

  constructor(
    readonly period = 20,
    readonly constant = 0.015,
  ) {
    const name = `CCI(${period}, ${constant})`;
    requirePeriod(name, 'period', period);
    requirePositive(name, 'constant', constant);
    this.name = name;
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

  update(bar: HighLowClose): number | undefined {
    const value = this.next(bar);
    return this.seen >= this.warmup ? value : undefined;
  }

  next(bar: HighLowClose): number {
    if (bar.high - bar.high + (bar.low - bar.low) + (bar.close - bar.close) !== 0) {
      throw invalidBar(this.name, this.seen, bar, FIELDS);
    }
    this.window.save();
    this.savedRun = this.run;
    this.savedLastTypical = this.lastTypical;
    this.step(bar);
    return this.current;
  }

  replaceLast(bar: HighLowClose): number | undefined {
    if (this.seen === 0) throw nothingToReplace(this.name);
    if (bar.high - bar.high + (bar.low - bar.low) + (bar.close - bar.close) !== 0) {
      throw invalidBar(this.name, this.seen - 1, bar, FIELDS);
    }
    this.window.restore();
    this.seen--;
    this.run = this.savedRun;
    this.lastTypical = this.savedLastTypical;
    this.step(bar);
    return this.seen >= this.warmup ? this.current : undefined;
  }

  reset(): void {
    this.window.reset();
    this.seen = 0;
    this.current = NaN;
    this.run = 0;
    this.lastTypical = NaN;
    this.savedRun = 0;
    this.savedLastTypical = NaN;
  }

  private step(bar: HighLowClose): void {
    const typical = (bar.high + bar.low + bar.close) / 3;
    const window = this.window;
    window.push(typical);
    this.seen++;
    this.run = typical === this.lastTypical ? this.run + 1 : 1;
    this.lastTypical = typical;
    const period = this.period;
    if (window.size !== period) return;
    if (this.run >= period) {
      this.current = 0;
      return;
    }
    const mean = window.sum / period;
    const buffer = window.buffer;
    let deviation = 0;
    for (let i = 0; i < period; i++) {
      const d = buffer[i] - mean;
      deviation += d < 0 ? -d : d;
    }
    this.current = (typical - mean) / (this.constant * (deviation / period));
  }
}
