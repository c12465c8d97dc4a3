import type { HighLowCloseVolume, Indicator } from './indicator';
import { invalidVolumeBar, nothingToReplace, requirePeriod } from './internal/checks';
import { RollingSum } from './internal/rolling-sum';

export interface VwapOptions {
  /** Rolling window in bars; omit for a cumulative VWAP (call `reset()` at each session start). */
  readonly period?: number;
}

/**
 * Volume-weighted average price of the typical price (high + low + close) / 3:
 * sum(tp * volume) / sum(volume), cumulative since the first bar (or the last `reset()`) or over the
 * last `period` bars. Warm-up 1 (cumulative) or `period` (rolling).
 * With no volume in the window (or so far) the value is the latest typical price: no trade gives
 * no better estimate, and 0/0 would poison everything downstream.
 * Precision: cumulative sums add positive terms (for positive prices), so their relative error stays
 * below count * 1.1e-16 (1e-10 after a million bars) without compensation; rolling sums are
 * re-added from their ring every `period` bars.
 */
export class VWAP implements Indicator<HighLowCloseVolume, number> {
  readonly name: string;
  readonly warmup: number;
  /** 0 for cumulative. */
  readonly period: number;
  /** Used only when rolling (length 1 otherwise, which keeps the field types monomorphic). */
  private readonly weightedWindow: RollingSum;
  private readonly volumeWindow: RollingSum;
  private weighted = 0;
  private volume = 0;
  /** Bars with volume > 0 in the window (or so far): an exact zero test where sums carry rounding. */
  private tradedBars = 0;
  private seen = 0;
  private current = NaN;
  private savedWeighted = 0;
  private savedVolume = 0;
  private savedTradedBars = 0;

  constructor(options: VwapOptions = {}) {
    const period = options.period;
    this.name = period === undefined ? 'VWAP' : `VWAP(${period})`;
    this.period = period === undefined ? 0 : requirePeriod(this.name, 'period', period);
    this.warmup = period === undefined ? 1 : period;
    this.weightedWindow = new RollingSum(period ?? 1);
    this.volumeWindow = new RollingSum(period ?? 1);
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

  update(bar: HighLowCloseVolume): number | undefined {
    const value = this.next(bar);
    return this.seen >= this.warmup ? value : undefined;
  }

  next(bar: HighLowCloseVolume): number {
    const volume = bar.volume;
    if (bar.high - bar.high + (bar.low - bar.low) + (bar.close - bar.close) + (volume - volume) !== 0 || volume < 0) {
      throw invalidVolumeBar(this.name, bar, this.seen);
    }
    this.savedTradedBars = this.tradedBars;
    if (this.period === 0) {
      this.savedWeighted = this.weighted;
      this.savedVolume = this.volume;
      this.accumulate(bar);
    } else {
      this.weightedWindow.save();
      this.volumeWindow.save();
      this.roll(bar);
    }
    return this.current;
  }

  replaceLast(bar: HighLowCloseVolume): number | undefined {
    if (this.seen === 0) throw nothingToReplace(this.name);
    const volume = bar.volume;
    if (bar.high - bar.high + (bar.low - bar.low) + (bar.close - bar.close) + (volume - volume) !== 0 || volume < 0) {
      throw invalidVolumeBar(this.name, bar, this.seen - 1);
    }
    this.tradedBars = this.savedTradedBars;
    this.seen--;
    if (this.period === 0) {
      this.weighted = this.savedWeighted;
      this.volume = this.savedVolume;
      this.accumulate(bar);
    } else {
      this.weightedWindow.restore();
      this.volumeWindow.restore();
      this.roll(bar);
    }
    return this.seen >= this.warmup ? this.current : undefined;
  }

  reset(): void {
    this.weightedWindow.reset();
    this.volumeWindow.reset();
    this.weighted = 0;
    this.volume = 0;
    this.tradedBars = 0;
    this.seen = 0;
    this.current = NaN;
    this.savedWeighted = 0;
    this.savedVolume = 0;
    this.savedTradedBars = 0;
  }

  private accumulate(bar: HighLowCloseVolume): void {
    const typical = (bar.high + bar.low + bar.close) / 3;
    const volume = bar.volume;
    this.seen++;
    if (volume > 0) this.tradedBars++;
    this.weighted += typical * volume;
    this.volume += volume;
    this.current = this.tradedBars === 0 ? typical : this.weighted / this.volume;
  }

  private roll(bar: HighLowCloseVolume): void {
    const typical = (bar.high + bar.low + bar.close) / 3;
    const volume = bar.volume;
    const weightedWindow = this.weightedWindow;
    const volumeWindow = this.volumeWindow;
    this.seen++;
    if (volumeWindow.size === this.period && volumeWindow.oldest > 0) this.tradedBars--;
    if (volume > 0) this.tradedBars++;
    weightedWindow.push(typical * volume);
    volumeWindow.push(volume);
    if (this.seen < this.period) return;
    this.current = this.tradedBars === 0 ? typical : weightedWindow.sum / volumeWindow.sum;
  }
}
