import { setTimeout as sleep } from 'node:timers/promises';

/** `max`: as fast as the broker acknowledges; a number: that many times real time by bar spacing. */
export type Speed = number | 'max';

/**
 * Wall-clock schedule of a replay: the bar with open time t is due at
 * `base + (t - firstTime) / speed`. The schedule is absolute, so publish latency does not add up
 * over a long replay; after a pause (or any stall longer than a second) it is moved forward
 * instead of bursting to catch up.
 */
export class Pacer {
  private base = NaN;
  private firstTime = NaN;

  constructor(
    private readonly speed: Speed,
    private readonly now: () => number = Date.now,
  ) {}

  /** Wall time at which the bar opened at `time` is due (NaN for `max`). */
  dueAt(time: number): number {
    if (this.speed === 'max') return NaN;
    if (this.base !== this.base) this.rebase(time);
    const due = this.base + (time - this.firstTime) / this.speed;
    if (this.now() - due > 1_000) {
      this.rebase(time);
      return this.base;
    }
    return due;
  }

  /** Waits until the bar is due; false when aborted. */
  async waitFor(time: number, signal: AbortSignal): Promise<boolean> {
    const delay = this.dueAt(time) - this.now();
    if (!(delay > 0)) return !signal.aborted;
    try {
      await sleep(delay, undefined, { signal });
      return true;
    } catch {
      return false;
    }
  }

  private rebase(time: number): void {
    this.base = this.now();
    this.firstTime = time;
  }
}
