import { RollingSum } from './rolling-sum';

/**
 * Rolling mean and sum of squared deviations (M2) over the last `length` values.
 *
 * M2 is updated with the replace-one-value form of Welford's method, whose error scales with the
 * deviations rather than with mean^2 (a sum of squares would cancel catastrophically). It is
 * recomputed with two passes whenever the ring wraps, so drift never outlives one window.
 * A window of identical values is detected exactly (run length of equal inputs) and gets a variance
 * of exactly 0; otherwise rounding would leave a tiny, meaningless variance.
 */
export class RollingMoments {
  readonly ring: RollingSum;
  m2 = 0;
  /** Number of consecutive equal inputs ending at the latest one. */
  run = 0;
  last = NaN;
  private savedM2 = 0;
  private savedRun = 0;
  private savedLast = NaN;

  constructor(readonly length: number) {
    this.ring = new RollingSum(length);
  }

  get isFull(): boolean {
    return this.ring.size === this.length;
  }

  get mean(): number {
    return this.ring.sum / this.length;
  }

  get isConstant(): boolean {
    return this.run >= this.length;
  }

  /** M2 / divisor, or exactly 0 for a window of identical values. */
  variance(divisor: number): number {
    return this.run >= this.length ? 0 : this.m2 / divisor;
  }

  push(x: number): void {
    const ring = this.ring;
    const size = ring.size;
    let wrapped: boolean;
    if (size === this.length) {
      const old = ring.oldest;
      const meanBefore = ring.sum / size;
      wrapped = ring.push(x);
      if (!wrapped) this.m2 += (x - old) * (x - ring.sum / size + (old - meanBefore));
    } else {
      const meanBefore = size === 0 ? x : ring.sum / size;
      wrapped = ring.push(x);
      if (!wrapped) this.m2 += (x - meanBefore) * (x - ring.sum / ring.size);
    }
    if (wrapped) this.recompute();
    else if (this.m2 < 0) this.m2 = 0;
    this.run = x === this.last ? this.run + 1 : 1;
    this.last = x;
  }

  private recompute(): void {
    const buffer = this.ring.buffer;
    const mean = this.ring.sum / buffer.length;
    let m2 = 0;
    for (let i = 0; i < buffer.length; i++) {
      const d = buffer[i] - mean;
      m2 += d * d;
    }
    this.m2 = m2;
  }

  save(): void {
    this.ring.save();
    this.savedM2 = this.m2;
    this.savedRun = this.run;
    this.savedLast = this.last;
  }

  restore(): void {
    this.ring.restore();
    this.m2 = this.savedM2;
    this.run = this.savedRun;
    this.last = this.savedLast;
  }

  reset(): void {
    this.ring.reset();
    this.m2 = 0;
    this.run = 0;
    this.last = NaN;
    this.savedM2 = 0;
    this.savedRun = 0;
    this.savedLast = NaN;
  }
}
