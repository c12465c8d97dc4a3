import { RSI } from './rsi';

describe('RSI edge cases', () => {
  it('is 50 while every change so far is 0 (TTR: 0/0)', () => {
    const rsi = new RSI(3);
    expect([7, 7, 7, 7, 7].map((x) => rsi.update(x))).toEqual([undefined, undefined, undefined, 50, 50]);
  });

  it('is 100 after only gains and 0 after only losses', () => {
    const up = new RSI(2);
    const down = new RSI(2);
    expect([1, 2, 3].map((x) => up.update(x))[2]).toBe(100);
    expect([3, 2, 1].map((x) => down.update(x))[2]).toBe(0);
  });

  it('worked by hand with period 2: Wilder averages seeded with the mean of the first 2 changes', () => {
    const rsi = new RSI(2);
    // changes +2, -1, +3: seed up = 1, down = 0.5 -> 100 * 1 / 1.5; then up = 3/2 + 1/2 = 2, down = 0.25.
    expect([10, 12, 11, 14].map((x) => rsi.update(x))).toEqual([undefined, undefined, (100 * 1) / 1.5, (100 * 2) / 2.25]);
  });
});
