import { BollingerBands } from './bollinger-bands';

describe('BollingerBands edge cases', () => {
  it('worked by hand: 3 values, 2 population sds', () => {
    const bands = new BollingerBands(3, 2);
    [1, 2, 6].forEach((x) => bands.update(x));
    // mean 3, squared deviations 4 + 1 + 9 = 14, sd = sqrt(14/3)
    const sd = Math.sqrt(14 / 3);
    expect(bands.output.middle).toBe(3);
    expect(bands.output.upper).toBeCloseTo(3 + 2 * sd, 14);
    expect(bands.output.lower).toBeCloseTo(3 - 2 * sd, 14);
    expect(bands.output.pctB).toBeCloseTo((6 - (3 - 2 * sd)) / (4 * sd), 14);
  });

  it('collapses to the mean with pctB = 0.5 on a constant window, even after wild values', () => {
    const bands = new BollingerBands(4, 2);
    [5e8, -2e7, 3.3, 1e9, 0.3, 0.3, 0.3].forEach((x) => bands.update(x));
    const value = bands.update(0.3);
    expect(value).toBeDefined();
    expect(value?.upper).toBe(value?.middle);
    expect(value?.lower).toBe(value?.middle);
    expect(value?.middle).toBeCloseTo(0.3, 6);
    expect(value?.pctB).toBe(0.5);
  });

  it('returns the same preallocated output object on every update', () => {
    const bands = new BollingerBands(2, 1);
    bands.update(1);
    const first = bands.update(2);
    const second = bands.update(4);
    expect(second).toBe(first);
    expect(first?.middle).toBe(3);
  });
});
