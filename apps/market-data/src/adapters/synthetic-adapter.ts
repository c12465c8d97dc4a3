import { generateSyntheticOhlcv, timeframeToMs } from '@helios/domain-market-data';
import type { Speed } from './pacer';
import { SeriesReplayAdapter } from './series-replay-adapter';

export interface SyntheticAdapterOptions {
  seed: number;
  venue: string;
  symbol: string;
  tf: string;
  /** Open time of the first bar: fixed, so that a restart regenerates the very same series. */
  startTime: number;
  bars: number;
  startPrice?: number;
  /** 1 = live pacing (one bar per timeframe). */
  speed: Speed;
}

/**
 * The seeded synthetic feed (trends, mean reversion, jumps; libs/domain/market-data). The series is
 * a pure function of its options, so after a restart the bars already published are regenerated
 * identically and skipped.
 */
export function syntheticAdapter(o: SyntheticAdapterOptions): SeriesReplayAdapter {
  const series = generateSyntheticOhlcv({
    seed: o.seed,
    bars: o.bars,
    startTime: o.startTime,
    timeframeMs: timeframeToMs(o.tf),
    ...(o.startPrice !== undefined ? { startPrice: o.startPrice } : {}),
  });
  return new SeriesReplayAdapter(`synthetic:seed=${o.seed}`, { venue: o.venue, symbol: o.symbol, tf: o.tf }, series, o.speed);
}
