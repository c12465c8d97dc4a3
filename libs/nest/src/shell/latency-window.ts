/**
 * The recent handling times (ms), for the p50 / p99 of the heartbeat: at most `capacity` samples and
 * none older than `horizonMs`. The age bound matters for quiet services: without it, the slow
 * catch-up after a start (a backlog handled at once) would colour a service's p99 for as long as it
 * takes to handle `capacity` more inputs, which at a few per second is the better part of an hour.
 */
export class LatencyWindow {
  private readonly samples: Float64Array;
  private readonly times: Float64Array;
  private next = 0;
  private count = 0;

  constructor(
    capacity = 2048,
    private readonly horizonMs = 60_000,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`LatencyWindow: capacity must be a positive integer, got ${capacity}`);
    if (!(horizonMs > 0)) throw new Error(`LatencyWindow: horizonMs must be > 0, got ${horizonMs}`);
    this.samples = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
  }

  /** One handling time `ms`, observed at `at` (a monotonic clock in ms, e.g. performance.now()). */
  add(ms: number, at: number): void {
    this.samples[this.next] = ms;
    this.times[this.next] = at;
    this.next = (this.next + 1) % this.samples.length;
    if (this.count < this.samples.length) this.count++;
  }

  get size(): number {
    return this.count;
  }

  /** Nearest-rank quantile (0 < q <= 1) of the samples observed since `now - horizonMs`; undefined when there are none. */
  quantile(q: number, now: number): number | undefined {
    if (!(q > 0 && q <= 1)) throw new Error(`LatencyWindow.quantile: q must be in (0, 1], got ${q}`);
    const since = now - this.horizonMs;
    const recent: number[] = [];
    for (let i = 0; i < this.count; i++) if (this.times[i] >= since) recent.push(this.samples[i]);
    if (recent.length === 0) return undefined;
    recent.sort((a, b) => a - b);
    return recent[Math.ceil(q * recent.length) - 1];
  }
}
