import type { MultiOutputIndicator } from './indicator';
import { invalidInput, nothingToReplace, requirePeriod } from './internal/checks';
import { SeededEma } from './internal/seeded-ema';

export interface MacdOutput {
  macd: number;
  signal: number;
  histogram: number;
}

/**
 * MACD in TTR's form (`MACD(percent = FALSE)`): macd = EMA(fast) - EMA(slow), each EMA seeded on
 * its own with the SMA of its first inputs; signal = EMA(signalPeriod) of macd seeded with the mean
 * of the first `signalPeriod` macd values; histogram = macd - signal.
 * Warm-ups: macd `slow`, signal and histogram `slow + signalPeriod - 1` (26 and 34 for 12/26/9).
 * TA-Lib differs: it starts both EMAs at bar slow-1.
 */
export class MACD implements MultiOutputIndicator<number, MacdOutput> {
  readonly name: string;
  readonly warmup: number;
  readonly warmups: { readonly macd: number; readonly signal: number; readonly histogram: number };
  readonly output: MacdOutput = { macd: NaN, signal: NaN, histogram: NaN };
  private readonly fastAverage: SeededEma;
  private readonly slowAverage: SeededEma;
  private readonly signalAverage: SeededEma;
  private seen = 0;

  constructor(
    readonly fast = 12,
    readonly slow = 26,
    readonly signal = 9,
  ) {
    const name = `MACD(${fast}, ${slow}, ${signal})`;
    requirePeriod(name, 'fast', fast);
    requirePeriod(name, 'slow', slow);
    requirePeriod(name, 'signal', signal);
    if (fast >= slow) throw new RangeError(`${name}: fast (${fast}) must be shorter than slow (${slow})`);
    this.name = name;
    this.fastAverage = new SeededEma(fast, 2 / (fast + 1));
    this.slowAverage = new SeededEma(slow, 2 / (slow + 1));
    this.signalAverage = new SeededEma(signal, 2 / (signal + 1));
    this.warmup = slow + signal - 1;
    this.warmups = { macd: slow, signal: this.warmup, histogram: this.warmup };
  }

  get count(): number {
    return this.seen;
  }

  get isReady(): boolean {
    return this.seen >= this.warmup;
  }

  get value(): MacdOutput | undefined {
    return this.seen >= this.warmup ? this.output : undefined;
  }

  update(x: number): MacdOutput | undefined {
    this.next(x);
    return this.seen >= this.warmup ? this.output : undefined;
  }

  next(x: number): MacdOutput {
    if (x - x !== 0) throw invalidInput(this.name, this.seen, 'value', x);
    this.fastAverage.save();
    this.slowAverage.save();
    this.signalAverage.save();
    this.step(x);
    return this.output;
  }

  replaceLast(x: number): MacdOutput | undefined {
    if (this.seen === 0) throw nothingToReplace(this.name);
    if (x - x !== 0) throw invalidInput(this.name, this.seen - 1, 'value', x);
    this.fastAverage.restore();
    this.slowAverage.restore();
    this.signalAverage.restore();
    this.seen--;
    this.step(x);
    return this.seen >= this.warmup ? this.output : undefined;
  }

  reset(): void {
    this.fastAverage.reset();
    this.slowAverage.reset();
    this.signalAverage.reset();
    this.seen = 0;
    this.output.macd = NaN;
    this.output.signal = NaN;
    this.output.histogram = NaN;
  }

  private step(x: number): void {
    const slowAverage = this.slowAverage;
    this.fastAverage.push(x);
    slowAverage.push(x);
    this.seen++;
    if (slowAverage.seen !== this.slow) return;
    const output = this.output;
    const macd = this.fastAverage.value - slowAverage.value;
    output.macd = macd;
    const signalAverage = this.signalAverage;
    signalAverage.push(macd);
    if (signalAverage.seen !== this.signal) return;
    output.signal = signalAverage.value;
    output.histogram = macd - signalAverage.value;
  }
}
