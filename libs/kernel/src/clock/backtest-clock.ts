import type { Clock } from '../ports/clock';
import { assertFiniteTime } from './assert-time';

/** Simulated time for backtests: it moves only when the driver moves it, and never backwards. */
export class BacktestClock implements Clock {
  readonly kind = 'backtest' as const;
  private current: number;

  constructor(startMs: number) {
    assertFiniteTime(startMs, 'BacktestClock(startMs)');
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  advanceTo(t: number): void {
    assertFiniteTime(t, 'BacktestClock.advanceTo(t)');
    if (t < this.current) {
      throw new Error(`BacktestClock.advanceTo(${t}): time cannot move backwards (now is ${this.current})`);
    }
    this.current = t;
  }

  advanceBy(ms: number): void {
    assertFiniteTime(ms, 'BacktestClock.advanceBy(ms)');
    if (ms < 0) throw new Error(`BacktestClock.advanceBy(${ms}): ms must be >= 0`);
    this.current += ms;
  }
}
