import { ReplayClock } from './replay-clock';

describe('ReplayClock', () => {
  it('follows event time forward and ignores older events', () => {
    const clock = new ReplayClock();
    expect(clock.kind).toBe('replay');
    expect(clock.now()).toBe(0);
    const seen = [1_000, 2_000, 1_500, 2_000, 3_000, 100].map((ts) => clock.observe(ts));
    expect(seen).toEqual([1_000, 2_000, 2_000, 2_000, 3_000, 3_000]);
    expect(clock.now()).toBe(3_000);
  });

  it('starts at the given time and an event before it does not move it back', () => {
    const clock = new ReplayClock(5_000);
    expect(clock.observe(4_000)).toBe(5_000);
    expect(clock.now()).toBe(5_000);
  });

  it('rejects a non-finite event time with the argument named', () => {
    const clock = new ReplayClock(10);
    expect(() => clock.observe(Number.NaN)).toThrow('ReplayClock.observe(eventTs): expected a finite time in ms, got NaN');
    expect(clock.now()).toBe(10);
  });
});
