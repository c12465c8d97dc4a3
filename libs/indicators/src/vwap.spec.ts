import type { Bar } from './indicator';
import { maxScaledError, naiveVwap } from '../spec-support/naive';
import { ttrcBars } from '../spec-support/reference-data';
import { VWAP } from './vwap';

const bar = (high: number, low: number, close: number, volume: number): Bar => ({ open: close, high, low, close, volume });

// Typical prices 10, 12, 11, 13 with volumes 100, 300, 0, 100.
const bars = [bar(12, 9, 9, 100), bar(13, 11, 12, 300), bar(12, 9, 12, 0), bar(15, 12, 12, 100)];

describe('VWAP (no TTR column: hand values and a naive recomputation)', () => {
  it('cumulative: sum(tp * v) / sum(v) since the first bar', () => {
    const vwap = new VWAP();
    expect(bars.map((b) => vwap.update(b))).toEqual([
      1000 / 100, // 10
      (1000 + 3600) / 400, // 11.5
      (1000 + 3600 + 0) / 400, // a zero-volume bar changes nothing
      (1000 + 3600 + 0 + 1300) / 500, // 11.8
    ]);
  });

  it('rolling over the last 2 bars', () => {
    const vwap = new VWAP({ period: 2 });
    expect(bars.map((b) => vwap.update(b))).toEqual([undefined, 4600 / 400, 3600 / 300, 1300 / 100]);
  });

  it('with no volume in the window the value is the latest typical price', () => {
    const rolling = new VWAP({ period: 2 });
    const cumulative = new VWAP();
    const quiet = [bar(12, 9, 9, 0), bar(13, 11, 12, 0), bar(12, 9, 12, 50), bar(15, 12, 12, 0), bar(16, 13, 13, 0)];
    expect(quiet.map((b) => cumulative.update(b))).toEqual([10, 12, 11, 11, 11]);
    expect(quiet.map((b) => rolling.update(b))).toEqual([undefined, 12, 11, 11, 14]);
  });

  it('reset() starts a new session for the cumulative VWAP', () => {
    const vwap = new VWAP();
    bars.forEach((b) => vwap.update(b));
    vwap.reset();
    expect(vwap.update(bars[3])).toBe(13);
  });

  it.each([undefined, 20])('matches the O(n) definition on the 5550 ttrc bars, period %s (<= 1e-12)', (period) => {
    const data = ttrcBars();
    const vwap = new VWAP({ period });
    expect(maxScaledError(data.map((b) => vwap.update(b)), naiveVwap(data, period))).toBeLessThanOrEqual(1e-12);
  });
});
