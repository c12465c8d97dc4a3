import { ADX } from './adx';

// (high, low, close). Bar 1 is an exact tie: upMove = 11 - 10 = 1 = downMove = 8 - 7.
const bars = [
  [10, 8, 9],
  [11, 7, 10],
  [13, 9, 12],
  [12, 6, 7],
  [14, 8, 13],
].map(([high, low, close]) => ({ high, low, close }));

describe('ADX, TTR rules worked by hand with period 2', () => {
  it('gives an exact up/down tie to neither side and seeds the Wilder sums from the first period-1 values', () => {
    const adx = new ADX(2);
    const rows = bars.map((bar) => {
      adx.update(bar);
      return { ...adx.output };
    });
    // +DM: bar1 tie -> 0, bar2 2, bar3 0, bar4 2.   -DM: 0, 0, 3, 0.   TR: 4, 4, 6, 7.
    // Wilder sums (n = 2): S2 = x2 + x1 * 1/2, then S = x + S_prev * 1/2:
    //   +DM: 2, 1, 2.5    -DM: 0, 3, 1.5    TR: 6, 9, 11.5
    const diPlus = [(100 * 2) / 6, (100 * 1) / 9, (100 * 2.5) / 11.5];
    const diMinus = [0, (100 * 3) / 9, (100 * 1.5) / 11.5];
    const dx = [100, 50, 25]; // 100 * |DI+ - DI-| / (DI+ + DI-)
    expect(rows.slice(0, 2).map((r) => r.diPlus)).toEqual([NaN, NaN]);
    rows.slice(2).forEach((row, i) => {
      expect(row.diPlus).toBeCloseTo(diPlus[i], 12);
      expect(row.diMinus).toBeCloseTo(diMinus[i], 12);
      expect(row.dx).toBeCloseTo(dx[i], 12);
    });
    // ADX = Wilder average of DX seeded with mean(DX[2..3]) = 75 at bar 3, then 25/2 + 75/2 = 50.
    expect(rows.map((r) => r.adx)).toEqual([NaN, NaN, NaN, 75, 50]);
    expect(adx.warmups).toEqual({ diPlus: 3, diMinus: 3, dx: 3, adx: 4 });
  });

  it('gives DI = DX = 0 instead of 0/0 when bars have no range', () => {
    const adx = new ADX(2);
    const flat = { high: 5, low: 5, close: 5 };
    [flat, flat, flat, flat].forEach((bar) => adx.update(bar));
    expect({ ...adx.output }).toEqual({ diPlus: 0, diMinus: 0, dx: 0, adx: 0 });
  });
});
