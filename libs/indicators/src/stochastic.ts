import type { HighLowClose, MultiOutputIndicator } from './indicator';
import { invalidBar, nothingToReplace, requirePeriod } from './internal/checks';
import { RollingMax } from './internal/rolling-max';
import { RollingSum } from './internal/rolling-sum';

const FIELDS = ['high', 'low', 'close'] as const;

export interface StochasticOutput {
  fastK: number;
  fastD: number;
  slowD: number;
}

/**
 * Stochastic oscillator (TTR `stoch`), as fractions in [0, 1] (not percent):
 * fastK = (close - LL) / (HH - LL) over the last `kPeriod` bars, 0.5 when HH = LL;
 * fastD = SMA(dPeriod) of fastK; slowD = SMA(slowPeriod) of fastD.
 * Warm-ups: fastK `kPeriod`, fastD `kPeriod + dPeriod - 1`, slowD `kPeriod + dPeriod + slowPeriod - 2`
 * (14, 16, 18 for 14/3/3). HH/LL come from monotonic deques: O(1) amortised.
 */
export class Stochastic implements MultiOutputIndicator<HighLowClose, StochasticOutput> {
  readonly name: string;
  readonly warmup: number;
  readonly warmups: { readonly fastK: number; readonly fastD: number; readonly slowD: number };
  readonly output: StochasticOutput = { fastK: NaN, fastD: NaN, slowD: NaN };
  private readonly highest: RollingMax;
  /** Holds negated lows, so its max is -(lowest low). */
  private readonly negatedLowest: RollingMax;
  private readonly fastKWindow: RollingSum;
  private readonly fastDWindow: RollingSum;
  private seen = 0;

  constructor(
    readonly kPeriod = 14,
    readonly dPeriod = 3,
    readonly slowPeriod = 3,
  ) {
    const name = `Stochastic(${kPeriod}, ${dPeriod}, ${slowPeriod})`;
    requirePeriod(name, 'kPeriod', kPeriod);
    requirePeriod(name, 'dPeriod', dPeriod);
    requirePeriod(name, 'slowPeriod', slowPeriod);
    this.name = name;
    this.highest = new RollingMax(kPeriod);
    this.negatedLowest = new RollingMax(kPeriod);
    this.fastKWindow = new RollingSum(dPeriod);
    this.fastDWindow = new RollingSum(slowPeriod);
    this.warmup = kPeriod + dPeriod + slowPeriod - 2;
    this.warmups = { fastK: kPeriod, fastD: kPeriod + dPeriod - 1, slowD: this.warmup };
  }

  get count(): number {
    return this.seen;
  }

  get isReady(): boolean {
    return this.seen >= this.warmup;
  }

  get value(): StochasticOutput | undefined {
    return this.seen >= this.warmup ? this.output : undefined;
  }

  update(bar: HighLowClose): StochasticOutput | undefined {
    this.next(bar);
    return this.seen >= this.warmup ? this.output : undefined;
  }

  next(bar: HighLowClose): StochasticOutput {
    if (bar.high - bar.high + (bar.low - bar.low) + (bar.close - bar.close) !== 0) {
      throw invalidBar(this.name, this.seen, bar, FIELDS);
    }
    this.highest.save();
    this.negatedLowest.save();
    this.fastKWindow.save();
    this.fastDWindow.save();
    this.step(bar);
    return this.output;
  }

  replaceLast(bar: HighLowClose): StochasticOutput | undefined {
    if (this.seen === 0) throw nothingToReplace(this.name);
    if (bar.high - bar.high + (bar.low - bar.low) + (bar.close - bar.close) !== 0) {
      throw invalidBar(this.name, this.seen - 1, bar, FIELDS);
    }
    this.highest.restore();
    this.negatedLowest.restore();
    this.fastKWindow.restore();
    this.fastDWindow.restore();
    this.seen--;
    this.step(bar);
    return this.seen >= this.warmup ? this.output : undefined;
  }

  reset(): void {
    this.highest.reset();
    this.negatedLowest.reset();
    this.fastKWindow.reset();
    this.fastDWindow.reset();
    this.seen = 0;
    const output = this.output;
    output.fastK = NaN;
    output.fastD = NaN;
    output.slowD = NaN;
  }

  private step(bar: HighLowClose): void {
    const highest = this.highest;
    const negatedLowest = this.negatedLowest;
    highest.push(bar.high);
    negatedLowest.push(-bar.low);
    if (++this.seen < this.kPeriod) return;

    const hh = highest.max;
    const ll = -negatedLowest.max;
    const fastK = hh === ll ? 0.5 : (bar.close - ll) / (hh - ll);
    const output = this.output;
    output.fastK = fastK;
    const fastKWindow = this.fastKWindow;
    fastKWindow.push(fastK);
    if (fastKWindow.size !== this.dPeriod) return;

    const fastD = fastKWindow.sum / this.dPeriod;
    output.fastD = fastD;
    const fastDWindow = this.fastDWindow;
    fastDWindow.push(fastD);
    if (fastDWindow.size !== this.slowPeriod) return;

    output.slowD = fastDWindow.sum / this.slowPeriod;
  }
}
