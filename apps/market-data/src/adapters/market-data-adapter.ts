import type { CandlePayload } from '@helios/contracts';

/**
 * Hands bars to the feed. Resolves once they are stored (published and acknowledged), so an
 * adapter that awaits it is paced by the broker and never runs ahead of what is durable.
 */
export type EmitBars = (bars: readonly CandlePayload[]) => Promise<void>;

/**
 * A source of candles: the CSV replay, the seeded synthetic feed, or an exchange connection.
 * `start` resolves when the source is exhausted (a file's last bar) or after `stop`; a live
 * exchange adapter resolves only on `stop`. Bars of one series must come in open-time order.
 */
export interface MarketDataAdapter {
  /** Shown in heartbeats and logs, e.g. `csv:data/btc-1m.csv`. */
  readonly description: string;
  /** The series this adapter publishes: the feed reads where each one stopped before a restart. */
  readonly series: readonly SeriesKey[];
  /** `resumeAfter` maps `seriesId(key)` to the open time of the last bar already stored. */
  start(emit: EmitBars, resumeAfter: ReadonlyMap<string, number>): Promise<void>;
  stop(): void;
}

export interface SeriesKey {
  venue: string;
  symbol: string;
  tf: string;
}

export const seriesId = (k: SeriesKey): string => `${k.venue}.${k.symbol}.${k.tf}`;
