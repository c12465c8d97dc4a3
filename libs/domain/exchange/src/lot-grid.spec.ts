import { lotGrid, lotsIn, lotsToQty } from './lot-grid';

describe('lot grid', () => {
  it('counts exact multiples that binary floating point puts a hair below the integer', () => {
    const tenth = lotGrid(0.1);
    // 0.3 / 0.1 === 2.9999999999999996 and 0.7 / 0.1 === 6.999999999999999: a plain floor loses a lot.
    expect(Math.floor(0.3 / 0.1)).toBe(2);
    expect(lotsIn(tenth, 0.3)).toBe(3);
    expect(lotsIn(tenth, 0.7)).toBe(7);
    expect(lotsIn(tenth, 1000 / 100)).toBe(100);
    expect(lotsIn(lotGrid(0.01), 0.07)).toBe(7);
  });

  it('rounds down everything that is not a multiple, and never goes negative', () => {
    const tenth = lotGrid(0.1);
    expect(lotsIn(tenth, 0.29)).toBe(2);
    expect(lotsIn(tenth, 0.0999)).toBe(0);
    expect(lotsIn(tenth, 9.990009990009991)).toBe(99);
    expect(lotsIn(tenth, 0)).toBe(0);
    expect(lotsIn(tenth, -0.5)).toBe(0);
    expect(lotsIn(lotGrid(5), 12)).toBe(2);
  });

  it('turns lots back into the decimal quantity, not into float noise', () => {
    expect(3 * 0.1).toBe(0.30000000000000004);
    expect(lotsToQty(lotGrid(0.1), 3)).toBe(0.3);
    expect(lotsToQty(lotGrid(0.001), 1234)).toBe(1.234);
    expect(lotsToQty(lotGrid(0.25), 3)).toBe(0.75);
    expect(lotsToQty(lotGrid(5), 3)).toBe(15);
    expect(lotGrid(0.3).perUnit).toBe(0);
    expect(lotsToQty(lotGrid(0.3), 2)).toBe(0.6);
  });
});
