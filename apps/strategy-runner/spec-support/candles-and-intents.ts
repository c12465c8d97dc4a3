import { createEvent, eventId, type HeliosEvent } from '@helios/contracts';
import { play } from '@helios/domain-core';
import { generateSyntheticOhlcv } from '@helios/domain-market-data';
import { buildStrategyDecider, type StrategyDefinition } from '@helios/domain-strategy';

const T0 = 1_704_067_200_000;
const MINUTE = 60_000;

/**
 * Closed binance BTC-USDT 1m candles of a seeded synthetic series, as the feed publishes them (the
 * id is the bar's, the event time its close).
 */
export function syntheticCandles(seed: number, bars: number): HeliosEvent<'md.candle'>[] {
  const series = generateSyntheticOhlcv({ seed, bars, startTime: T0, timeframeMs: MINUTE, volatility: 0.004 });
  return Array.from({ length: bars }, (_, i) => {
    const openTime = series.time[i];
    return createEvent(
      'md.candle',
      { venue: 'binance', symbol: 'BTC-USDT', tf: '1m', openTime, closeTime: openTime + MINUTE - 1, open: series.open[i], high: series.high[i], low: series.low[i], close: series.close[i], volume: series.volume[i], closed: true },
      { id: eventId('binance', 'BTC-USDT', '1m', openTime), ts: openTime + MINUTE - 1, src: 'test-feed', run: 'paper' },
    );
  });
}

/** The intents one strategy decides alone over `candles` from a fresh start: what a runner must publish for it. */
export function intentsAlone(def: StrategyDefinition, candles: readonly HeliosEvent<'md.candle'>[]): HeliosEvent[] {
  return play(buildStrategyDecider(def), candles).outputs;
}
