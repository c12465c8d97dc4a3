/**
 * Exponential average in TTR's form: the first value is the mean of the first `period` inputs
 * (accumulated as sum of x/period, as TTR does), then value = x*alpha + previous*(1 - alpha).
 * alpha = 2/(period+1) for an EMA, 1/period for Wilder's smoothing.
 */
export class SeededEma {
  value = NaN;
  /** Inputs seen, saturating at `period` (all that matters once seeded). */
  seen = 0;
  private seed = 0;
  private readonly decay: number;
  private savedValue = NaN;
  private savedSeen = 0;
  private savedSeed = 0;

  constructor(
    readonly period: number,
    readonly alpha: number,
  ) {
    this.decay = 1 - alpha;
  }

  get isReady(): boolean {
    return this.seen === this.period;
  }

  push(x: number): void {
    if (this.seen === this.period) {
      this.value = x * this.alpha + this.value * this.decay;
      return;
    }
    this.seed += x / this.period;
    if (++this.seen === this.period) this.value = this.seed;
  }

  save(): void {
    this.savedValue = this.value;
    this.savedSeen = this.seen;
    this.savedSeed = this.seed;
  }

  restore(): void {
    this.value = this.savedValue;
    this.seen = this.savedSeen;
    this.seed = this.savedSeed;
  }

  reset(): void {
    this.value = NaN;
    this.seen = 0;
    this.seed = 0;
    this.savedValue = NaN;
    this.savedSeen = 0;
    this.savedSeed = 0;
  }
}
