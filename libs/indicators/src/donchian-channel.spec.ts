import { naiveDonchian } from '../spec-support/naive';
import { ttrcBars } from '../spec-support/reference-data';
import { DonchianChannel } from './donchian-channel';

describe('DonchianChannel (no TTR column: hand values and a naive recomputation)', () => {
  it('highest high, lowest low and their midpoint over 3 bars', () => {
    const channel = new DonchianChannel(3);
    const highs = [10, 12, 11, 9, 13];
    const lows = [8, 9, 7, 8, 10];
    const values = highs.map((high, i) => {
      const v = channel.update({ high, low: lows[i] });
      return v && { ...v };
    });
    expect(values).toEqual([
      undefined,
      undefined,
      { upper: 12, lower: 7, middle: 9.5 }, // highs 10,12,11 / lows 8,9,7
      { upper: 12, lower: 7, middle: 9.5 }, // highs 12,11,9 / lows 9,7,8
      { upper: 13, lower: 7, middle: 10 }, // highs 11,9,13 / lows 7,8,10
    ]);
  });

  it('evicts an old extreme exactly when it leaves the window', () => {
    const channel = new DonchianChannel(2);
    const uppers = [5, 4, 3, 2, 6, 1].map((high) => channel.update({ high, low: 0 })?.upper);
    expect(uppers).toEqual([undefined, 5, 4, 3, 6, 6]);
  });

  it.each([1, 20, 55])('matches max/min of each window on the 5550 ttrc bars exactly, period %i', (period) => {
    const bars = ttrcBars();
    const channel = new DonchianChannel(period);
    const ours = bars.map((bar) => {
      const v = channel.update(bar);
      return v && { upper: v.upper, lower: v.lower, middle: v.middle };
    });
    const naive = naiveDonchian(bars, period).map((v) => v && { ...v, middle: (v.upper + v.lower) / 2 });
    expect(ours).toEqual(naive);
  });
});
