import type { MultiOutputIndicator } from './indicator';
import { invalidInput, nothingToReplace, requirePeriod, requirePositive } from './internal/checks';
import { RollingMoments } from './internal/rolling-moments';

/** TTR's names: lower = dn, middle = mavg, upper = up, pctB = pctB. */
export interface BollingerOutput {
  lower: number;
  middle: number;
  upper: number;
  pctB: number;
}

/**
 * Bollinger bands (TTR `BBands` on a single series): middle = SMA(period), upper/lower = middle
 * +- multiplier * population standard deviation (divide by period, as TTR does);
 * pctB = (x - lower) / (upper - lower). Warm-up `period`.
 * A window of identical values has bands equal to the middle and pctB = 0.5 (TTR gives NaN).
 */
export class BollingerBands implements MultiOutputIndicator<number, BollingerOutput> {
  readonly name: string;
  readonly warmup: number;
  readonly warmups: { readonly lower: number; readonly middle: number; readonly upper: number; readonly pctB: number };
  readonly output: BollingerOutput = { lower: NaN, middle: NaN, upper: NaN, pctB: NaN };
  private readonly moments: RollingMoments;
  private seen = 0;

  constructor(
    readonly period = 20,
    readonly multiplier = 2,
  ) {
    const name = `BollingerBands(${period}, ${multiplier})`;
    requirePeriod(name, 'period', period);
    requirePositive(name, 'multiplier', multiplier);
    this.name = name;
    this.warmup = period;
    this.warmups = { lower: period, middle: period, upper: period, pctB: period };
    this.moments = new RollingMoments(period);
  }

  get count(): number {
    return this.seen;
  }

  get isReady(): boolean {
    return this.seen >= this.warmup;
  }

  get value(): BollingerOutput | undefined {
    return this.seen >= this.warmup ? this.output : undefined;
  }

  update(x: number): BollingerOutput | undefined {
    this.next(x);
    return this.seen >= this.warmup ? this.output : undefined;
  }

  next(x: number): BollingerOutput {
    if (x - x !== 0) throw invalidInput(this.name, this.seen, 'value', x);
    this.moments.save();
    this.step(x);
    return this.output;
  }

  replaceLast(x: number): BollingerOutput | undefined {
    if (this.seen === 0) throw nothingToReplace(this.name);
    if (x - x !== 0) throw invalidInput(this.name, this.seen - 1, 'value', x);
    this.moments.restore();
    this.seen--;
    this.step(x);
    return this.seen >= this.warmup ? this.output : undefined;
  }

  reset(): void {
    this.moments.reset();
    this.seen = 0;
    const output = this.output;
    output.lower = NaN;
    output.middle = NaN;
    output.upper = NaN;
    output.pctB = NaN;
  }

  private step(x: number): void {
    const moments = this.moments;
    moments.push(x);
    this.seen++;
    if (moments.ring.size !== this.period) return;
    const middle = moments.ring.sum / this.period;
    const width = this.multiplier * Math.sqrt(moments.variance(this.period));
    const upper = middle + width;
    const lower = middle - width;
    const output = this.output;
    output.middle = middle;
    output.upper = upper;
    output.lower = lower;
    output.pctB = upper === lower ? 0.5 : (x - lower) / (upper - lower);
  }
}
