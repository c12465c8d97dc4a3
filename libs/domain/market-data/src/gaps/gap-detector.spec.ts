import { validatePayload } from '@helios/contracts';
import { parseOhlcvCsv } from '../csv/parse-ohlcv-csv';
import { readSharedCsv } from '../../spec-support/shared-data';
import { detectGaps, GapDetector } from './gap-detector';

const MIN = 60_000;
const T0 = Date.UTC(2022, 0, 1);
const source = { venue: 'ftx', symbol: 'BTC-PERP', tf: '1m' };

describe('GapDetector', () => {
  it('reports nothing for contiguous bars and the exact missing count after a hole', () => {
    const detector = new GapDetector(source);
    expect(detector.next(T0)).toBeUndefined();
    expect(detector.next(T0 + MIN)).toBeUndefined();
    const gap = detector.next(T0 + 5 * MIN);
    expect(gap).toEqual({ ...source, expectedOpenTime: T0 + 2 * MIN, actualOpenTime: T0 + 5 * MIN, missingBars: 3 });
    expect(validatePayload('md.gap', 1, gap)).toEqual([]);
    expect(detector.next(T0 + 6 * MIN)).toBeUndefined();
  });

  it('does not call a bar that comes early a gap, and refuses time going back', () => {
    const detector = new GapDetector(source);
    detector.next(T0);
    expect(detector.next(T0 + 30_000)).toBeUndefined();
    expect(() => detector.next(T0)).toThrow(`GapDetector(BTC-PERP 1m): open time ${T0} is not after the previous ${T0 + 30_000}`);
  });

  it('refuses a timeframe that is not count + unit', () => {
    expect(() => new GapDetector({ ...source, tf: '1x' })).toThrow('timeframe "1x" is not a count and a unit (s, m, h, d, w), e.g. 1m, 4h, 1d');
  });
});

describe('detectGaps', () => {
  it('finds the weekend holes of the EUR/USD hourly file, each a valid md.gap payload', () => {
    const { series } = parseOhlcvCsv(readSharedCsv('eurusd_1h_2017_2018.csv'));
    const gaps = detectGaps(series, { venue: 'fx', symbol: 'EURUSD', tf: '1h' });
    // Independent count: every spacing above one hour, and the bars it skips.
    let holes = 0;
    let missing = 0;
    for (let i = 1; i < series.length; i++) {
      const step = series.time[i] - series.time[i - 1];
      if (step > 3_600_000) {
        holes++;
        missing += step / 3_600_000 - 1;
      }
    }
    expect(gaps.length).toBe(holes);
    expect(gaps.reduce((n, g) => n + g.missingBars, 0)).toBe(missing);
    expect(holes).toBeGreaterThan(20);
    for (const g of gaps) expect(validatePayload('md.gap', 1, g)).toEqual([]);
  });
});
