import { LatencyWindow } from './latency-window';

describe('LatencyWindow', () => {
  it('gives nearest-rank quantiles of the samples held', () => {
    const w = new LatencyWindow(100);
    expect(w.quantile(0.5, 0)).toBeUndefined();
    for (let i = 100; i >= 1; i--) w.add(i, 0);
    expect(w.quantile(0.5, 0)).toBe(50);
    expect(w.quantile(0.99, 0)).toBe(99);
    expect(w.quantile(1, 0)).toBe(100);
  });

  it('keeps only the most recent samples', () => {
    const w = new LatencyWindow(4);
    [100, 100, 100, 100, 1, 2, 3, 4].forEach((x) => w.add(x, 0));
    expect(w.size).toBe(4);
    expect(w.quantile(1, 0)).toBe(4);
    expect(w.quantile(0.5, 0)).toBe(2);
  });

  it('forgets samples older than the horizon: a slow catch-up stops counting a minute later', () => {
    const w = new LatencyWindow(100, 60_000);
    for (let i = 0; i < 10; i++) w.add(900, 1_000 + i); // the backlog after a start
    for (let i = 0; i < 5; i++) w.add(2, 30_000 + i * 1_000); // live inputs, a few per second
    expect(w.quantile(0.99, 30_000 + 4_000)).toBe(900);
    expect(w.quantile(0.99, 61_000)).toBe(900); // the last backlog sample (at 1,009) is 59,991 ms old
    expect(w.quantile(0.99, 61_010)).toBe(2); // now all of the backlog is older than 60 s
    expect(w.quantile(0.5, 200_000)).toBeUndefined();
  });

  it('sorts numerically, not as text', () => {
    const w = new LatencyWindow(8);
    [10, 9, 100].forEach((x) => w.add(x, 0));
    expect(w.quantile(1, 0)).toBe(100);
    expect(w.quantile(0.34, 0)).toBe(10);
  });

  it('names a bad quantile, capacity or horizon', () => {
    expect(() => new LatencyWindow(0)).toThrow('LatencyWindow: capacity must be a positive integer, got 0');
    expect(() => new LatencyWindow(4, 0)).toThrow('LatencyWindow: horizonMs must be > 0, got 0');
    expect(() => new LatencyWindow(4).quantile(0, 0)).toThrow('q must be in (0, 1], got 0');
  });
});
