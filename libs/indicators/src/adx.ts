import type { HighLowClose, MultiOutputIndicator } from './indicator';
import { invalidBar, nothingToReplace, requirePeriod } from './internal/checks';

const FIELDS = ['high', 'low', 'close'] as const;

export interface AdxOutput {
  diPlus: number;
  diMinus: number;
  dx: number;
  adx: number;
}

/**
 * Directional movement index (TTR `ADX`).
 * upMove = high - previous high, downMove = previous low - low; +DM = upMove when upMove > downMove
 * and upMove > 0, else 0; -DM likewise. An exact tie (compared as doubles) gives 0 to both.
 * +DM, -DM and TR are Wilder sums (TTR `wilderSum`): the first period-1 values are summed raw, then
 * sum = x + sum*(period-1)/period, evaluated in TTR's order (multiply, then divide) so that the
 * results match TTR to the last bit. DI = 100 * DMsum / TRsum; DX = 100 * |DI+ - DI-| / (DI+ + DI-);
 * ADX = Wilder average of DX (alpha = 1/period) seeded with the mean of its first `period` values.
 * Warm-ups: DI+/DI-/DX `period + 1`, ADX `2 * period` (15 and 28 for 14).
 * Where TTR divides 0 by 0 (no range, or no directional movement) DI and DX are 0.
 *
 * The sums share one counter and live in this class rather than in helper objects: fewer loads,
 * and a hot path small enough for V8 to inline completely (no boxed doubles).
 */
export class ADX implements MultiOutputIndicator<HighLowClose, AdxOutput> {
  readonly name: string;
  readonly warmup: number;
  readonly warmups: { readonly diPlus: number; readonly diMinus: number; readonly dx: number; readonly adx: number };
  readonly output: AdxOutput = { diPlus: NaN, diMinus: NaN, dx: NaN, adx: NaN };
  private readonly periodMinusOne: number;
  private readonly alpha: number;
  private readonly decay: number;
  private previousHigh = NaN;
  private previousLow = NaN;
  private previousClose = NaN;
  private plusSum = 0;
  private minusSum = 0;
  private rangeSum = 0;
  /** Directional movements seen (one per bar after the first), saturating at `period`. */
  private movements = 0;
  private adx = NaN;
  private dxSeed = 0;
  /** DX values seen, saturating at `period`. */
  private dxCount = 0;
  private seen = 0;
  private savedPreviousHigh = NaN;
  private savedPreviousLow = NaN;
  private savedPreviousClose = NaN;
  private savedPlusSum = 0;
  private savedMinusSum = 0;
  private savedRangeSum = 0;
  private savedMovements = 0;
  private savedAdx = NaN;
  private savedDxSeed = 0;
  private savedDxCount = 0;

  constructor(readonly period = 14) {
    requirePeriod('ADX', 'period', period);
    this.name = `ADX(${period})`;
    this.periodMinusOne = period - 1;
    this.alpha = 1 / period;
    this.decay = 1 - this.alpha;
    this.warmup = 2 * period;
    this.warmups = { diPlus: period + 1, diMinus: period + 1, dx: period + 1, adx: 2 * period };
  }

  get count(): number {
    return this.seen;
  }

  get isReady(): boolean {
    return this.seen >= this.warmup;
  }

  get value(): AdxOutput | undefined {
    return this.seen >= this.warmup ? this.output : undefined;
  }

  update(bar: HighLowClose): AdxOutput | undefined {
    this.next(bar);
    return this.seen >= this.warmup ? this.output : undefined;
  }

  next(bar: HighLowClose): AdxOutput {
    if (bar.high - bar.high + (bar.low - bar.low) + (bar.close - bar.close) !== 0) {
      throw invalidBar(this.name, this.seen, bar, FIELDS);
    }
    this.savedPreviousHigh = this.previousHigh;
    this.savedPreviousLow = this.previousLow;
    this.savedPreviousClose = this.previousClose;
    this.savedPlusSum = this.plusSum;
    this.savedMinusSum = this.minusSum;
    this.savedRangeSum = this.rangeSum;
    this.savedMovements = this.movements;
    this.savedAdx = this.adx;
    this.savedDxSeed = this.dxSeed;
    this.savedDxCount = this.dxCount;
    this.step(bar);
    return this.output;
  }

  replaceLast(bar: HighLowClose): AdxOutput | undefined {
    if (this.seen === 0) throw nothingToReplace(this.name);
    if (bar.high - bar.high + (bar.low - bar.low) + (bar.close - bar.close) !== 0) {
      throw invalidBar(this.name, this.seen - 1, bar, FIELDS);
    }
    this.previousHigh = this.savedPreviousHigh;
    this.previousLow = this.savedPreviousLow;
    this.previousClose = this.savedPreviousClose;
    this.plusSum = this.savedPlusSum;
    this.minusSum = this.savedMinusSum;
    this.rangeSum = this.savedRangeSum;
    this.movements = this.savedMovements;
    this.adx = this.savedAdx;
    this.dxSeed = this.savedDxSeed;
    this.dxCount = this.savedDxCount;
    this.seen--;
    this.step(bar);
    return this.seen >= this.warmup ? this.output : undefined;
  }

  reset(): void {
    this.previousHigh = NaN;
    this.previousLow = NaN;
    this.previousClose = NaN;
    this.plusSum = 0;
    this.minusSum = 0;
    this.rangeSum = 0;
    this.movements = 0;
    this.adx = NaN;
    this.dxSeed = 0;
    this.dxCount = 0;
    this.seen = 0;
    this.savedPreviousHigh = NaN;
    this.savedPreviousLow = NaN;
    this.savedPreviousClose = NaN;
    this.savedPlusSum = 0;
    this.savedMinusSum = 0;
    this.savedRangeSum = 0;
    this.savedMovements = 0;
    this.savedAdx = NaN;
    this.savedDxSeed = 0;
    this.savedDxCount = 0;
    const output = this.output;
    output.diPlus = NaN;
    output.diMinus = NaN;
    output.dx = NaN;
    output.adx = NaN;
  }

  private step(bar: HighLowClose): void {
    const high = bar.high;
    const low = bar.low;
    const previousHigh = this.previousHigh;
    const previousLow = this.previousLow;
    const previousClose = this.previousClose;
    this.previousHigh = high;
    this.previousLow = low;
    this.previousClose = bar.close;
    if (this.seen++ === 0) return;

    const upMove = high - previousHigh;
    const downMove = previousLow - low;
    const plus = upMove > downMove && upMove > 0 ? upMove : 0;
    const minus = downMove > upMove && downMove > 0 ? downMove : 0;
    const range = (high > previousClose ? high : previousClose) - (low < previousClose ? low : previousClose);
    const period = this.period;
    if (this.movements < this.periodMinusOne) {
      this.plusSum += plus;
      this.minusSum += minus;
      this.rangeSum += range;
      this.movements++;
      return;
    }
    // The first time through, the sums still hold the raw seed sums: TTR's first value.
    const m = this.periodMinusOne;
    const plusSum = (this.plusSum = plus + (this.plusSum * m) / period);
    const minusSum = (this.minusSum = minus + (this.minusSum * m) / period);
    const rangeSum = (this.rangeSum = range + (this.rangeSum * m) / period);
    this.movements = period;

    const diPlus = rangeSum === 0 ? 0 : (100 * plusSum) / rangeSum;
    const diMinus = rangeSum === 0 ? 0 : (100 * minusSum) / rangeSum;
    const diTotal = diPlus + diMinus;
    const dx = diTotal === 0 ? 0 : 100 * (Math.abs(diPlus - diMinus) / diTotal);
    const output = this.output;
    output.diPlus = diPlus;
    output.diMinus = diMinus;
    output.dx = dx;
    if (this.dxCount === period) {
      output.adx = this.adx = dx * this.alpha + this.adx * this.decay;
      return;
    }
    this.dxSeed += dx / period;
    if (++this.dxCount === period) output.adx = this.adx = this.dxSeed;
  }
}
