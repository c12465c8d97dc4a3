import type { Clock } from '../ports/clock';
import { assertFiniteTime } from './assert-time';

/**
 * Event time for replays: the clock is the newest event time observed. Streams interleave sources
 * whose events can arrive slightly out of order; an older event must not pull time back.
 */
export class ReplayClock implements Clock {
  readonly kind = 'replay' as const;
  private current: number;

  constructor(startMs = 0) {
    assertFiniteTime(startMs, 'ReplayClock(startMs)');
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  /** Moves the clock to `eventTs` if it is newer; returns the clock's time afterwards. */
  observe(eventTs: number): number {
    assertFiniteTime(eventTs, 'ReplayClock.observe(eventTs)');
    if (eventTs > this.current) this.current = eventTs;
    return this.current;
  }
}
