import { DEMO_SYMBOL, DEMO_TF } from '@helios/contracts';
import { existsSync, readFileSync } from 'node:fs';
import { generateSyntheticOhlcv, parseOhlcvCsv, timeframeToMs } from '@helios/domain-market-data';

// The drill runs the paper-trading demo of `tools/up` (`paperDemoConfig` and its strategies, symbol
// and timeframe in @helios/contracts), on a feed of its own.
/** `run` of every event of the drill: fixed, so two drills of the same feed can hash equal. */
export const CHAOS_RUN = 'chaos';
/** KV helios-config key market-data reads its release horizon from (`--release-key`). */
export const RELEASE_KEY = 'chaos.release';
const SYNTHETIC_SEED = 42;
const SYNTHETIC_START = Date.parse('2024-01-01T00:00:00Z');

export interface ChaosFeed {
  /** market-data's source flags. */
  args: string[];
  venue: string;
  /** Open times of the bars, in order: the drill releases them one at a time. */
  openTimes: Float64Array;
  description: string;
}

/** The BTC 1-minute file when it exists, else the seeded synthetic feed (as `tools/up` does). */
export function chaosFeed(dataFile: string | undefined, defaultFile: string): ChaosFeed {
  const file = dataFile ?? (existsSync(defaultFile) ? defaultFile : undefined);
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`--data: cannot read ${file}: ${(err as Error).message}`);
    }
    const { series } = parseOhlcvCsv(text, { source: file });
    return { args: ['--csv', file, '--venue', 'ftx', '--symbol', DEMO_SYMBOL, '--tf', DEMO_TF, '--speed', 'max'], venue: 'ftx', openTimes: series.time.slice(0, series.length), description: `${file} (${series.length} bars)` };
  }
  const bars = 20_000;
  const series = generateSyntheticOhlcv({ seed: SYNTHETIC_SEED, bars, startTime: SYNTHETIC_START, timeframeMs: timeframeToMs(DEMO_TF) });
  return {
    args: ['--synthetic', '--seed', String(SYNTHETIC_SEED), '--bars', String(bars), '--start', String(SYNTHETIC_START), '--venue', 'synthetic', '--symbol', DEMO_SYMBOL, '--tf', DEMO_TF, '--speed', 'max'],
    venue: 'synthetic',
    openTimes: series.time.slice(0, series.length),
    description: `seeded synthetic feed (seed ${SYNTHETIC_SEED})`,
  };
}
