import { lagGrew, percentile } from './latency-stats';

describe('percentile (nearest rank)', () => {
  it('picks the sample at rank ceil(p/100 * n) of the sorted samples', () => {
    const samples = [9, 1, 8, 2, 7, 3, 6, 4, 5, 10];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 99)).toBe(10);
    expect(percentile(samples, 10)).toBe(1);
    expect(percentile(samples, 100)).toBe(10);
    expect(percentile([4.25], 99)).toBe(4.25);
  });

  it('leaves the input unsorted and refuses no samples or p out of range', () => {
    const samples = [3, 1, 2];
    percentile(samples, 50);
    expect(samples).toEqual([3, 1, 2]);
    expect(() => percentile([], 50)).toThrow('percentile: no samples');
    expect(() => percentile([1], 0)).toThrow('p must be in (0, 100], got 0');
    expect(() => percentile([1], 101)).toThrow('got 101');
  });
});

describe('lagGrew', () => {
  it('is false for a flat series with noise and true for a queue that keeps growing', () => {
    const flat = Array.from({ length: 300 }, (_, i) => 3 + (i % 5) * 0.2);
    expect(lagGrew(flat)).toEqual({ grew: false, firstP50: 3.4, lastP50: 3.4 });
    const growing = Array.from({ length: 300 }, (_, i) => 3 + i * 0.1);
    const g = lagGrew(growing);
    expect(g.grew).toBe(true);
    expect(g.lastP50).toBeGreaterThan(2 * g.firstP50 + 2);
  });

  it('needs three samples', () => {
    expect(() => lagGrew([1, 2])).toThrow('lagGrew: needs at least 3 samples, got 2');
  });
});
