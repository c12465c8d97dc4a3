import { medianSpacingMs, msToTimeframe, timeframeToMs } from './timeframe';
import { repeatSeries, truncateSeries } from './ohlcv-series';
import { generateSyntheticOhlcv } from './synthetic/generate-ohlcv';

describe('timeframes', () => {
  it('converts between names and milliseconds in the largest unit', () => {
    expect(timeframeToMs('1m')).toBe(60_000);
    expect(timeframeToMs('4h')).toBe(14_400_000);
    expect(timeframeToMs('1w')).toBe(604_800_000);
    expect(msToTimeframe(60_000)).toBe('1m');
    expect(msToTimeframe(3_600_000)).toBe('1h');
    expect(msToTimeframe(86_400_000)).toBe('1d');
    expect(msToTimeframe(90_000)).toBe('90s');
    expect(() => msToTimeframe(1500)).toThrow('msToTimeframe: 1500 ms is not a positive whole number of seconds, so it has no timeframe name');
  });

  it('takes the median spacing, ignoring gaps', () => {
    const day = 86_400_000;
    // Mon..Fri, weekend, Mon..Fri: 8 one-day steps and one three-day step.
    const times = [0, 1, 2, 3, 4, 7, 8, 9, 10, 11].map((d) => d * day);
    expect(medianSpacingMs(times)).toBe(day);
    expect(medianSpacingMs([5])).toBeNaN();
    expect(medianSpacingMs([0, 10, 30])).toBe(10);
  });
});

describe('repeatSeries', () => {
  it('repeats bars with time shifted to keep increasing by one step at each seam', () => {
    const s = truncateSeries(generateSyntheticOhlcv({ seed: 1, bars: 10, startTime: 0, timeframeMs: 60_000 }), 3);
    const r = repeatSeries(s, 3, 60_000);
    expect(r.length).toBe(9);
    expect([...r.time]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => k * 60_000));
    expect([...r.close]).toEqual([...s.close, ...s.close, ...s.close]);
  });
});
