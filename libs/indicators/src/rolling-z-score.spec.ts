import { maxScaledError, naiveZScore } from '../spec-support/naive';
import { ttrcBars } from '../spec-support/reference-data';
import { RollingZScore } from './rolling-z-score';

describe('RollingZScore (no TTR column: hand values and a naive recomputation)', () => {
  it('(x - mean) / population sd over 4 values', () => {
    const z = new RollingZScore(4);
    const values = [2, 4, 4, 4, 5, 5, 7, 9].map((x) => z.update(x));
    const expected = [
      (4 - 3.5) / Math.sqrt(0.75), // [2,4,4,4]
      (5 - 4.25) / Math.sqrt(0.1875), // [4,4,4,5]
      (5 - 4.5) / Math.sqrt(0.25), // [4,4,5,5]
      (7 - 5.25) / Math.sqrt(1.1875), // [4,5,5,7]
      (9 - 6.5) / Math.sqrt(2.75), // [5,5,7,9]
    ];
    expect(values.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    values.slice(3).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 14));
  });

  it('scores 0 when the window is constant', () => {
    const z = new RollingZScore(3);
    [5, 9, 2, 2, 2].forEach((x) => z.update(x));
    expect(z.value).toBe(0);
  });

  it('matches the naive definition on the 5550 ttrc closes (<= 1e-9 * max(1, |z|))', () => {
    const closes = ttrcBars().map((bar) => bar.close);
    const z = new RollingZScore(20);
    expect(maxScaledError(closes.map((x) => z.update(x)), naiveZScore(closes, 20))).toBeLessThanOrEqual(1e-9);
  });
});
