import type { Bar } from './indicator';
import { maxScaledError, naiveCci } from '../spec-support/naive';
import { ttrcBars } from '../spec-support/reference-data';
import { CCI } from './cci';

// Chosen so the typical price (h + l + c) / 3 is the middle number: 10, 12, 14, 13, 16, 10, 11.
const bars: Bar[] = [10, 12, 14, 13, 16, 10, 11].map((tp) => ({ open: tp, high: tp + 1, low: tp - 1, close: tp, volume: 1 }));

describe('CCI (no TTR column: hand values and a naive recomputation)', () => {
  it('(tp - SMA(tp)) / (0.015 * mean deviation) over 3 bars', () => {
    const cci = new CCI(3);
    const values = bars.map((b) => cci.update(b));
    expect(values.slice(0, 2)).toEqual([undefined, undefined]);
    const expected = [
      (14 - 12) / (0.015 * (4 / 3)), // tp 10,12,14: mean 12, |dev| 2,0,2 -> 4/3; = 100
      0, // tp 12,14,13: mean 13 and tp = 13
      (16 - 43 / 3) / (0.015 * (10 / 9)), // tp 14,13,16: mean 43/3, |dev| 1/3, 4/3, 5/3 -> 10/9; = 100
      (10 - 13) / (0.015 * 2), // tp 13,16,10: mean 13, |dev| 0,3,3 -> 2; = -100
      (11 - 37 / 3) / (0.015 * (22 / 9)), // tp 16,10,11: mean 37/3, |dev| 11/3,7/3,4/3 -> 22/9; = -400/11
    ];
    values.slice(2).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 11));
    expect(values[6]).toBeCloseTo(-400 / 11, 11);
  });

  it('is 0 for a window of identical typical prices (TTR would divide 0 by 0)', () => {
    const cci = new CCI(3);
    [12, 30, 7, 7, 7].forEach((tp) => cci.update({ high: tp + 2, low: tp - 2, close: tp }));
    expect(cci.value).toBe(0);
  });

  it.each([20, 5])('matches the O(n) definition on the 5550 ttrc bars, period %i (<= 1e-9 * max(1, |ref|))', (period) => {
    const data = ttrcBars();
    const cci = new CCI(period);
    expect(maxScaledError(data.map((b) => cci.update(b)), naiveCci(data, period))).toBeLessThanOrEqual(1e-9);
  });
});
