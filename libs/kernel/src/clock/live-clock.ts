import type { Clock } from '../ports/clock';

/** A source of wall-clock time in ms since epoch; injectable so tests can make it jump. */
export type WallClockSource = () => number;

/**
 * System time for live and paper trading. NTP corrections and manual changes can move the system
 * clock backwards; event timestamps must not, so `now()` holds the highest value seen so far.
 */
export class LiveClock implements Clock {
  readonly kind = 'live' as const;
  private last = Number.NEGATIVE_INFINITY;

  constructor(private readonly source: WallClockSource = Date.now) {}

  now(): number {
    const t = this.source();
    if (!Number.isFinite(t)) {
      throw new Error(`LiveClock: the wall-clock source returned ${String(t)}, expected a finite number of ms`);
    }
    if (t > this.last) this.last = t;
    return this.last;
  }
}
