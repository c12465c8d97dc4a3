import { Stochastic } from './stochastic';

describe('Stochastic, TTR rules worked by hand with 3/2/2', () => {
  it('fastK as a fraction, fastD = SMA(fastK), slowD = SMA(fastD); 0.5 when HH = LL', () => {
    const stochastic = new Stochastic(3, 2, 2);
    const bars = [
      [10, 8, 9],
      [12, 9, 11],
      [11, 7, 10], // HH 12, LL 7: (10 - 7) / 5 = 0.6
      [13, 10, 13], // HH 13, LL 7: (13 - 7) / 6 = 1
      [9, 9, 9], // HH 13, LL 7: (9 - 7) / 6 = 1/3
      [9, 9, 9], // HH 13, LL 9: (9 - 9) / 4 = 0
      [9, 9, 9], // HH = LL = 9: 0.5
    ].map(([high, low, close]) => ({ high, low, close }));
    const rows = bars.map((bar) => {
      stochastic.update(bar);
      return { ...stochastic.output };
    });
    expect(rows.map((r) => r.fastK)).toEqual([NaN, NaN, 0.6, 1, 1 / 3, 0, 0.5]);
    const fastD = [(0.6 + 1) / 2, (1 + 1 / 3) / 2, (1 / 3 + 0) / 2, (0 + 0.5) / 2];
    expect(rows.slice(0, 3).map((r) => r.fastD)).toEqual([NaN, NaN, NaN]);
    rows.slice(3).forEach((r, i) => expect(r.fastD).toBeCloseTo(fastD[i], 15));
    expect(rows[4].slowD).toBeCloseTo((0.8 + 2 / 3) / 2, 15);
    expect(rows[6].slowD).toBeCloseTo((1 / 6 + 0.25) / 2, 15);
    expect(rows.slice(0, 4).map((r) => r.slowD)).toEqual([NaN, NaN, NaN, NaN]);
  });
});
