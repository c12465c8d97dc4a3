/** The last `capacity` handling times (ms), for the p50 / p99 of the heartbeat. */
export class LatencyWindow {
  private readonly samples: Float64Array;
  private next = 0;
  private count = 0;

  constructor(capacity = 2048) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`LatencyWindow: capacity must be a positive integer, got ${capacity}`);
    this.samples = new Float64Array(capacity);
  }

  add(ms: number): void {
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.samples.length;
    if (this.count < this.samples.length) this.count++;
  }

  get size(): number {
    return this.count;
  }

  /** Nearest-rank quantile (0 < q <= 1) of the samples held; undefined when there are none. */
  quantile(q: number): number | undefined {
    if (!(q > 0 && q <= 1)) throw new Error(`LatencyWindow.quantile: q must be in (0, 1], got ${q}`);
    if (this.count === 0) return undefined;
    const sorted = this.samples.slice(0, this.count).sort();
    return sorted[Math.ceil(q * this.count) - 1];
  }
}
