import { BacktestClock } from './backtest-clock';

describe('BacktestClock', () => {
  it('starts at the given time and stays there until moved', () => {
    const clock = new BacktestClock(1_700_000_000_000);
    expect(clock.kind).toBe('backtest');
    expect(clock.now()).toBe(1_700_000_000_000);
    expect(clock.now()).toBe(1_700_000_000_000);
  });

  it('advanceTo moves forward and accepts the current time', () => {
    const clock = new BacktestClock(100);
    clock.advanceTo(100);
    expect(clock.now()).toBe(100);
    clock.advanceTo(160);
    expect(clock.now()).toBe(160);
  });

  it('advanceTo an earlier time throws naming both times and leaves the clock unchanged', () => {
    const clock = new BacktestClock(100);
    expect(() => clock.advanceTo(99)).toThrow('BacktestClock.advanceTo(99): time cannot move backwards (now is 100)');
    expect(clock.now()).toBe(100);
  });

  it('advanceBy adds a non-negative duration', () => {
    const clock = new BacktestClock(0);
    clock.advanceBy(60_000);
    clock.advanceBy(0);
    clock.advanceBy(500);
    expect(clock.now()).toBe(60_500);
    expect(() => clock.advanceBy(-1)).toThrow('BacktestClock.advanceBy(-1): ms must be >= 0');
    expect(clock.now()).toBe(60_500);
  });

  it('rejects non-finite times with the argument named', () => {
    expect(() => new BacktestClock(Number.NaN)).toThrow('BacktestClock(startMs): expected a finite time in ms, got NaN');
    const clock = new BacktestClock(0);
    expect(() => clock.advanceTo(Number.POSITIVE_INFINITY)).toThrow('BacktestClock.advanceTo(t)');
    expect(() => clock.advanceBy(Number.NaN)).toThrow('BacktestClock.advanceBy(ms)');
  });
});
