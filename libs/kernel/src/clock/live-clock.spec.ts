import { LiveClock } from './live-clock';

function scriptedSource(times: number[]): () => number {
  let i = 0;
  return () => {
    if (i >= times.length) throw new Error('scripted source exhausted');
    return times[i++];
  };
}

describe('LiveClock', () => {
  it('is a live clock that follows the system time when it moves forward', () => {
    const clock = new LiveClock(scriptedSource([1_000, 1_005, 2_000]));
    expect(clock.kind).toBe('live');
    expect([clock.now(), clock.now(), clock.now()]).toEqual([1_000, 1_005, 2_000]);
  });

  it('holds the highest time seen when the system clock jumps back, then follows it again', () => {
    const clock = new LiveClock(scriptedSource([5_000, 4_000, 4_999, 5_000, 5_001, 6_000]));
    const readings = Array.from({ length: 6 }, () => clock.now());
    expect(readings).toEqual([5_000, 5_000, 5_000, 5_000, 5_001, 6_000]);
    for (let i = 1; i < readings.length; i++) expect(readings[i]).toBeGreaterThanOrEqual(readings[i - 1]);
  });

  it('reads the real system time by default', () => {
    const before = Date.now();
    const t = new LiveClock().now();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });

  it('rejects a source that returns a non-finite time, naming the value', () => {
    const clock = new LiveClock(() => Number.NaN);
    expect(() => clock.now()).toThrow('LiveClock: the wall-clock source returned NaN');
  });
});
