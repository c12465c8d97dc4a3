import type { HighLow, MultiOutputIndicator } from './indicator';
import { invalidBar, nothingToReplace, requirePeriod } from './internal/checks';
import { RollingMax } from './internal/rolling-max';

const FIELDS = ['high', 'low'] as const;

export interface DonchianOutput {
  upper: number;
  middle: number;
  lower: number;
}

/**
 * Donchian channel (TTR `DonchianChannel(include.lag = FALSE)`): upper = highest high and lower =
 * lowest low of the last `period` bars (current bar included), middle = (upper + lower) / 2.
 * Warm-up `period`. Monotonic deques in ring buffers: O(1) amortised.
 */
export class DonchianChannel implements MultiOutputIndicator<HighLow, DonchianOutput> {
  readonly name: string;
  readonly warmup: number;
  readonly warmups: { readonly upper: number; readonly middle: number; readonly lower: number };
  readonly output: DonchianOutput = { upper: NaN, middle: NaN, lower: NaN };
  private readonly highest: RollingMax;
  /** Holds negated lows, so its max is -(lowest low). */
  private readonly negatedLowest: RollingMax;
  private seen = 0;

  constructor(readonly period = 20) {
    requirePeriod('DonchianChannel', 'period', period);
    this.name = `DonchianChannel(${period})`;
    this.warmup = period;
    this.warmups = { upper: period, middle: period, lower: period };
    this.highest = new RollingMax(period);
    this.negatedLowest = new RollingMax(period);
  }

  get count(): number {
    return this.seen;
  }

  get isReady(): boolean {
    return this.seen >= this.warmup;
  }

  get value(): DonchianOutput | undefined {
    return this.seen >= this.warmup ? this.output : undefined;
  }

  update(bar: HighLow): DonchianOutput | undefined {
    this.next(bar);
    return this.seen >= this.warmup ? this.output : undefined;
  }

  next(bar: HighLow): DonchianOutput {
    if (bar.high - bar.high + (bar.low - bar.low) !== 0) throw invalidBar(this.name, this.seen, bar, FIELDS);
    this.highest.save();
    this.negatedLowest.save();
    this.step(bar);
    return this.output;
  }

  replaceLast(bar: HighLow): DonchianOutput | undefined {
    if (this.seen === 0) throw nothingToReplace(this.name);
    if (bar.high - bar.high + (bar.low - bar.low) !== 0) throw invalidBar(this.name, this.seen - 1, bar, FIELDS);
    this.highest.restore();
    this.negatedLowest.restore();
    this.seen--;
    this.step(bar);
    return this.seen >= this.warmup ? this.output : undefined;
  }

  reset(): void {
    this.highest.reset();
    this.negatedLowest.reset();
    this.seen = 0;
    const output = this.output;
    output.upper = NaN;
    output.middle = NaN;
    output.lower = NaN;
  }

  private step(bar: HighLow): void {
    const highest = this.highest;
    const negatedLowest = this.negatedLowest;
    highest.push(bar.high);
    negatedLowest.push(-bar.low);
    if (++this.seen < this.period) return;
    const upper = highest.max;
    const lower = -negatedLowest.max;
    const output = this.output;
    output.upper = upper;
    output.lower = lower;
    output.middle = (upper + lower) / 2;
  }
}
