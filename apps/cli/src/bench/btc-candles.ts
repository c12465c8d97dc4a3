import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEvent, eventId, subjects } from '@helios/contracts';
import { generateSyntheticOhlcv, parseOhlcvCsv, type OhlcvSeries } from '@helios/domain-market-data';
import { BENCH_TF, BENCH_VENUE, type BenchCandle } from './zigzag-candles';

const TF_MS = 60_000;
/** 2024-01-01T00:00:00Z: event time is synthetic and consecutive per instrument, as in the zig-zag feed. */
const T0 = 1_704_067_200_000;
const SYNTHETIC_SEED = 42;
const SYNTHETIC_BARS = 45_000;

export interface BarSource {
  series: OhlcvSeries;
  /** Where the bars came from, for the output. */
  description: string;
}

/** `<repo>/../shared/data/btc_perp_ftx_1m.csv`, the file `helios chaos` and `tools/up` replay. */
export const btcFile = (root: string): string => join(root, '..', 'shared', 'data', 'btc_perp_ftx_1m.csv');

/** The BTC 1-minute bars when the file exists, else the seeded synthetic series in their place. */
export function loadBarSource(file: string): BarSource {
  if (existsSync(file)) {
    const { series } = parseOhlcvCsv(readFileSync(file, 'utf8'), { source: file });
    if (series.length < 2) throw new Error(`helios bench: ${file}: needs at least 2 bars, has ${series.length}`);
    return { series, description: `${file} (${series.length} bars)` };
  }
  const series = generateSyntheticOhlcv({ seed: SYNTHETIC_SEED, bars: SYNTHETIC_BARS, startTime: T0, timeframeMs: TF_MS, startPrice: 40_000 });
  return { series, description: `seeded synthetic 1m bars (seed ${SYNTHETIC_SEED}, ${SYNTHETIC_BARS} bars; ${file} not found)` };
}

/**
 * Bar `k` of a walk that runs through the file forwards, then backwards, and so on: a long run never
 * jumps from the last price back to the first. Backwards, a bar's open and close swap, so each bar
 * still opens near where the previous one closed.
 */
function pingPong(series: OhlcvSeries, k: number): { open: number; high: number; low: number; close: number; volume: number } {
  const period = 2 * series.length;
  const j = k % period;
  const forward = j < series.length;
  const i = forward ? j : period - 1 - j;
  const open = series.open[i];
  const close = series.close[i];
  return { open: forward ? open : close, high: series.high[i], low: series.low[i], close: forward ? close : open, volume: series.volume[i] };
}

/**
 * Candle `n` of the realistic feed: instruments take turns (n mod count), as in the zig-zag feed;
 * instrument i plays the bars from offset i x length / count, so the instruments' crossovers do not
 * coincide. Event time is consecutive 1m bars from 2024-01-01 for every instrument.
 */
export function btcCandle(source: BarSource, instruments: readonly string[], n: number): BenchCandle {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`btcCandle: n must be a non-negative integer, got ${n}`);
  if (instruments.length === 0) throw new RangeError('btcCandle: needs at least one instrument');
  const index = n % instruments.length;
  const symbol = instruments[index];
  const bar = Math.floor(n / instruments.length);
  const offset = Math.floor((index * source.series.length) / instruments.length);
  const { open, high, low, close, volume } = pingPong(source.series, offset + bar);
  const openTime = T0 + bar * TF_MS;
  const event = createEvent(
    'md.candle',
    { venue: BENCH_VENUE, symbol, tf: BENCH_TF, openTime, closeTime: openTime + TF_MS - 1, open, high, low, close, volume, closed: true },
    { id: eventId(BENCH_VENUE, symbol, BENCH_TF, openTime), ts: openTime + TF_MS - 1, src: 'helios-bench', run: 'paper' },
  );
  return { subject: subjects.candle(BENCH_VENUE, symbol, BENCH_TF), event };
}
