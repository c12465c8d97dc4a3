/**
 * Holds a replay at a released open time: only bars opening at or before the horizon go out. A
 * driver that must see each bar fully processed before the next one (the chaos drill compares the
 * run with an in-process run, where fills at the next bar's open need the order to arrive before
 * that bar) moves the horizon bar by bar. The horizon comes from KV (`--release-key`), so a
 * restarted feed continues exactly where it was allowed to.
 */
export class ReleaseGate {
  private horizon = -Infinity;
  private waiters: Array<() => void> = [];

  allows(openTime: number): boolean {
    return openTime <= this.horizon;
  }

  /** Horizons only move forward: a stale or repeated value never takes back a released bar. */
  release(horizon: number): void {
    if (!(horizon > this.horizon)) return;
    this.horizon = horizon;
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }

  /** Resolves true once the bar is released, false when aborted first. */
  async waitFor(openTime: number, signal: AbortSignal): Promise<boolean> {
    while (!this.allows(openTime)) {
      if (signal.aborted) return false;
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.waiters.push(done);
        signal.addEventListener('abort', done, { once: true });
      });
    }
    return !signal.aborted;
  }
}
