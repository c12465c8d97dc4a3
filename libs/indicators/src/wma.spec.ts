import { maxScaledError, naiveWma } from '../spec-support/naive';
import { ttrcBars } from '../spec-support/reference-data';
import { WMA } from './wma';

describe('WMA (no TTR column: hand values and a naive recomputation)', () => {
  it('weights the newest value most: WMA(3) of 1..5', () => {
    const wma = new WMA(3);
    // divisor 1 + 2 + 3 = 6
    expect([1, 2, 3, 4, 5].map((x) => wma.update(x))).toEqual([
      undefined,
      undefined,
      (1 * 1 + 2 * 2 + 3 * 3) / 6, // 14/6
      (1 * 2 + 2 * 3 + 3 * 4) / 6, // 20/6
      (1 * 3 + 2 * 4 + 3 * 5) / 6, // 26/6
    ]);
  });

  it('WMA(1) is the input itself', () => {
    const wma = new WMA(1);
    expect([3.5, -2, 7].map((x) => wma.update(x))).toEqual([3.5, -2, 7]);
  });

  it.each([2, 20, 50])('matches the O(n) definition on the 5550 ttrc closes, period %i (<= 1e-12)', (period) => {
    const closes = ttrcBars().map((bar) => bar.close);
    const wma = new WMA(period);
    expect(maxScaledError(closes.map((x) => wma.update(x)), naiveWma(closes, period))).toBeLessThanOrEqual(1e-12);
  });
});
