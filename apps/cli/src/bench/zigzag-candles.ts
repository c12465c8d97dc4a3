import { createEvent, eventId, subjects, type HeliosEvent } from '@helios/contracts';

export const BENCH_VENUE = 'bench';
export const BENCH_TF = '1m';
const TF_MS = 60_000;
/** 2024-01-01T00:00:00Z: event time is synthetic, only its order matters. */
const T0 = 1_704_067_200_000;
/**
 * Every bar opens at the same price: orders fill at the next bar's open, so buys and sells fill at
 * the same price and a strategy's equity stays put. (Opening at the close, it bought at 102 and sold
 * at 100 on every round trip, and within minutes the shrinking equity sized orders to nothing.)
 */
const OPEN = 101;

export const benchInstruments = (count: number): string[] => Array.from({ length: count }, (_, i) => `BENCH${i}`);

export interface BenchCandle {
  subject: string;
  event: HeliosEvent<'md.candle'>;
}

/**
 * Candle `n` of the benchmark feed: instruments take turns (n mod count), each one's bars alternate
 * between 100 and 102 so that sma(2) and sma(3) cross on every bar and an sma-cross 2/3 strategy
 * flips its target (long, flat, long...) on every bar: every candle causes an order, and the order
 * of one bar fills at the open of that instrument's next bar.
 */
export function zigzagCandle(instruments: readonly string[], n: number): BenchCandle {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`zigzagCandle: n must be a non-negative integer, got ${n}`);
  if (instruments.length === 0) throw new RangeError('zigzagCandle: needs at least one instrument');
  const symbol = instruments[n % instruments.length];
  const bar = Math.floor(n / instruments.length);
  const openTime = T0 + bar * TF_MS;
  const price = bar % 2 === 0 ? 100 : 102;
  const event = createEvent(
    'md.candle',
    { venue: BENCH_VENUE, symbol, tf: BENCH_TF, openTime, closeTime: openTime + TF_MS - 1, open: OPEN, high: 102.5, low: 99.5, close: price, volume: 1_000_000, closed: true },
    { id: eventId(BENCH_VENUE, symbol, BENCH_TF, openTime), ts: openTime + TF_MS - 1, src: 'helios-bench', run: 'paper' },
  );
  return { subject: subjects.candle(BENCH_VENUE, symbol, BENCH_TF), event };
}
