import { floorToLot, makeLot } from './lot';

describe('lot rounding', () => {
  it('knows the decimals a lot is written with', () => {
    expect([1, 0.1, 0.25, 0.001, 1e-8, 5].map((s) => makeLot(s).decimals)).toEqual([0, 1, 2, 3, 8, 0]);
  });

  it('floors to whole lots, robust to binary fractions, and prints clean decimals', () => {
    const tenth = makeLot(0.1);
    expect(floorToLot(0.3, tenth)).toBe(0.3); // 0.3 / 0.1 = 2.9999999999999996
    expect(floorToLot(1000 / 100, tenth)).toBe(10);
    expect(floorToLot(0.29, tenth)).toBe(0.2);
    expect(floorToLot(0.7, tenth)).toBe(0.7); // 7 x 0.1 = 0.7000000000000001 before cleaning
    expect(floorToLot(166.67, makeLot(1))).toBe(166);
    expect(floorToLot(0.123456789, makeLot(1e-8))).toBe(0.12345678);
    expect(floorToLot(0.05, tenth)).toBe(0);
    expect(floorToLot(-3, tenth)).toBe(0);
  });

  it('refuses a lot that is not positive', () => {
    expect(() => makeLot(0)).toThrow('lot size must be a positive finite number, got 0');
  });
});
