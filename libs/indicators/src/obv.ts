import type { CloseVolume, Indicator } from './indicator';
import { invalidBar, negativeVolume, nothingToReplace } from './internal/checks';

const FIELDS = ['close', 'volume'] as const;

/**
 * On-balance volume: starts at 0 on the first bar; then adds the bar's volume when the close rose,
 * subtracts it when the close fell, and keeps the total when the close is exactly unchanged.
 * Warm-up 1. (TTR's `OBV` starts at the first bar's volume instead and treats relative changes
 * below sqrt(machine epsilon) as unchanged; only the constant offset and such near-ties differ.)
 * The running total is a Neumaier-compensated sum, so long series do not accumulate rounding.
 */
export class OBV implements Indicator<CloseVolume, number> {
  readonly name = 'OBV';
  readonly warmup = 1;
  private previousClose = NaN;
  private total = 0;
  private compensation = 0;
  private seen = 0;
  private savedPreviousClose = NaN;
  private savedTotal = 0;
  private savedCompensation = 0;

  get count(): number {
    return this.seen;
  }

  get isReady(): boolean {
    return this.seen >= 1;
  }

  get value(): number | undefined {
    return this.seen >= 1 ? this.total + this.compensation : undefined;
  }

  update(bar: CloseVolume): number | undefined {
    const value = this.next(bar);
    return this.seen >= this.warmup ? value : undefined;
  }

  next(bar: CloseVolume): number {
    if (bar.close - bar.close + (bar.volume - bar.volume) !== 0) throw invalidBar(this.name, this.seen, bar, FIELDS);
    if (bar.volume < 0) throw negativeVolume(this.name, this.seen, bar.volume);
    this.savedPreviousClose = this.previousClose;
    this.savedTotal = this.total;
    this.savedCompensation = this.compensation;
    this.step(bar);
    return this.total + this.compensation;
  }

  replaceLast(bar: CloseVolume): number | undefined {
    if (this.seen === 0) throw nothingToReplace(this.name);
    if (bar.close - bar.close + (bar.volume - bar.volume) !== 0) throw invalidBar(this.name, this.seen - 1, bar, FIELDS);
    if (bar.volume < 0) throw negativeVolume(this.name, this.seen - 1, bar.volume);
    this.previousClose = this.savedPreviousClose;
    this.total = this.savedTotal;
    this.compensation = this.savedCompensation;
    this.seen--;
    this.step(bar);
    return this.seen >= this.warmup ? this.total + this.compensation : undefined;
  }

  reset(): void {
    this.previousClose = NaN;
    this.total = 0;
    this.compensation = 0;
    this.seen = 0;
    this.savedPreviousClose = NaN;
    this.savedTotal = 0;
    this.savedCompensation = 0;
  }

  private step(bar: CloseVolume): void {
    const close = bar.close;
    const previousClose = this.previousClose;
    this.previousClose = close;
    this.seen++;
    let change: number;
    if (close > previousClose) change = bar.volume;
    else if (close < previousClose) change = -bar.volume;
    else return;
    const total = this.total;
    const sum = total + change;
    this.compensation += (total < 0 ? -total : total) >= bar.volume ? total - sum + change : change - sum + total;
    this.total = sum;
  }
}
