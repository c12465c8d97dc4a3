import { allocateSeries } from '@helios/domain-market-data';
import { btcCandle, loadBarSource, type BarSource } from './btc-candles';
import { btcStrategyParams } from './bench-market';

/** Bars 0..n-1 with open = 100 + i, close = 100.5 + i: easy to tell apart, and direction shows. */
function rampSource(n: number): BarSource {
  const series = allocateSeries(n);
  for (let i = 0; i < n; i++) {
    series.time[i] = i * 60_000;
    series.open[i] = 100 + i;
    series.close[i] = 100.5 + i;
    series.high[i] = 101 + i;
    series.low[i] = 99 + i;
    series.volume[i] = 10 + i;
  }
  return { series, description: 'ramp' };
}

describe('the btc bench feed', () => {
  it('lets instruments take turns, each from its own offset of the bars, with consecutive 1m event times', () => {
    const source = rampSource(8);
    const instruments = ['A', 'B'];
    const candles = Array.from({ length: 6 }, (_, n) => btcCandle(source, instruments, n));
    expect(candles.map((c) => [c.event.payload.symbol, c.event.payload.open, c.event.payload.close])).toEqual([
      ['A', 100, 100.5],
      ['B', 104, 104.5],
      ['A', 101, 101.5],
      ['B', 105, 105.5],
      ['A', 102, 102.5],
      ['B', 106, 106.5],
    ]);
    const a = candles.filter((c) => c.event.payload.symbol === 'A').map((c) => c.event.payload.openTime);
    expect(a.slice(1).map((t, i) => t - a[i])).toEqual([60_000, 60_000]);
    expect(candles[1].event.payload.openTime).toBe(candles[0].event.payload.openTime);
    expect(candles[0].subject).toBe('md.candle.bench.A.1m');
    expect(candles[0].event.id).not.toBe(candles[1].event.id);
    // Deterministic: the same candle twice is the same event (same id: de-duplicated on a re-publish).
    expect(btcCandle(source, instruments, 3)).toEqual(candles[3]);
  });

  it('runs back through the bars at the end instead of jumping to the first price, open and close swapped', () => {
    const source = rampSource(3);
    const bars = Array.from({ length: 7 }, (_, n) => btcCandle(source, ['A'], n).event.payload);
    expect(bars.map((b) => [b.open, b.close])).toEqual([
      [100, 100.5],
      [101, 101.5],
      [102, 102.5],
      [102.5, 102],
      [101.5, 101],
      [100.5, 100],
      [100, 100.5],
    ]);
    expect(bars.every((b) => b.high >= Math.max(b.open, b.close) && b.low <= Math.min(b.open, b.close))).toBe(true);
  });

  it('refuses a bad candle number or no instruments', () => {
    expect(() => btcCandle(rampSource(3), ['A'], -1)).toThrow('btcCandle: n must be a non-negative integer, got -1');
    expect(() => btcCandle(rampSource(3), [], 0)).toThrow('btcCandle: needs at least one instrument');
  });

  it('falls back to seeded synthetic bars when the file is not there, the same every time', () => {
    const a = loadBarSource('/nonexistent/btc.csv');
    const b = loadBarSource('/nonexistent/btc.csv');
    expect(a.description).toContain('seeded synthetic 1m bars');
    expect(a.description).toContain('/nonexistent/btc.csv not found');
    expect(a.series.length).toBeGreaterThan(10_000);
    expect(Array.from(a.series.close.subarray(0, 50))).toEqual(Array.from(b.series.close.subarray(0, 50)));
  });

  it('gives strategy 0 sma-cross 10/30 and 50 strategies 50 different fast < slow pairs', () => {
    expect(btcStrategyParams(0)).toEqual({ fast: 10, slow: 30 });
    const pairs = Array.from({ length: 50 }, (_, i) => btcStrategyParams(i));
    expect(new Set(pairs.map((p) => `${p.fast}/${p.slow}`)).size).toBe(50);
    expect(pairs.every((p) => p.fast < p.slow)).toBe(true);
  });
});
