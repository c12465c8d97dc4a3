import { LatencyWindow } from './latency-window';

describe('LatencyWindow', () => {
  it('gives nearest-rank quantiles of the samples held', () => {
    const w = new LatencyWindow(100);
    expect(w.quantile(0.5)).toBeUndefined();
    for (let i = 100; i >= 1; i--) w.add(i);
    expect(w.quantile(0.5)).toBe(50);
    expect(w.quantile(0.99)).toBe(99);
    expect(w.quantile(1)).toBe(100);
  });

  it('keeps only the most recent samples', () => {
    const w = new LatencyWindow(4);
    [100, 100, 100, 100, 1, 2, 3, 4].forEach((x) => w.add(x));
    expect(w.size).toBe(4);
    expect(w.quantile(1)).toBe(4);
    expect(w.quantile(0.5)).toBe(2);
  });

  it('names a bad quantile or capacity', () => {
    expect(() => new LatencyWindow(0)).toThrow('LatencyWindow: capacity must be a positive integer, got 0');
    expect(() => new LatencyWindow(4).quantile(0)).toThrow('q must be in (0, 1], got 0');
  });
});
