import { maxScaledError, naiveStdDev } from '../spec-support/naive';
import { ttrcBars } from '../spec-support/reference-data';
import { RollingStdDev } from './rolling-std-dev';

const series = [2, 4, 4, 4, 5, 5, 7, 9];

describe('RollingStdDev (no TTR column: hand values and a naive recomputation)', () => {
  it('population sd over 4 values', () => {
    const sd = new RollingStdDev(4);
    expect(series.map((x) => sd.update(x))).toEqual([
      undefined,
      undefined,
      undefined,
      Math.sqrt(0.75), // [2,4,4,4]: mean 3.5, squared deviations 2.25+0.25+0.25+0.25 = 3, /4
      Math.sqrt(0.1875), // [4,4,4,5]: mean 4.25, 3*0.0625 + 0.5625 = 0.75, /4
      Math.sqrt(0.25), // [4,4,5,5]: mean 4.5, 4*0.0625... = 4*0.25 = 1, /4
      Math.sqrt(1.1875), // [4,5,5,7]: mean 5.25, 1.5625+0.0625+0.0625+3.0625 = 4.75, /4
      Math.sqrt(2.75), // [5,5,7,9]: mean 6.5, 2.25+2.25+0.25+6.25 = 11, /4
    ]);
    expect(sd.mean).toBe(6.5);
  });

  it('sample sd divides by n - 1', () => {
    const sd = new RollingStdDev(4, { sample: true });
    const values = series.map((x) => sd.update(x));
    expect(values[3]).toBe(1); // 3 / 3
    expect(values[7]).toBeCloseTo(Math.sqrt(11 / 3), 14);
  });

  it('is exactly 0 for a window of identical values, even after large ones', () => {
    const sd = new RollingStdDev(5);
    [1e6, -3e5, 7e5, 0.1, 0.1, 0.1, 0.1].forEach((x) => sd.update(x));
    expect(sd.update(0.1)).toBe(0);
  });

  it.each([
    [5, false],
    [20, false],
    [20, true],
    [100, false],
  ])('matches the two-pass definition on the 5550 ttrc closes, period %i, sample %s (<= 1e-12)', (period, sample) => {
    const closes = ttrcBars().map((bar) => bar.close);
    const sd = new RollingStdDev(period, { sample });
    expect(maxScaledError(closes.map((x) => sd.update(x)), naiveStdDev(closes, period, sample))).toBeLessThanOrEqual(
      1e-12,
    );
  });
});
