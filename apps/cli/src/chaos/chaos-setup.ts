import { existsSync, readFileSync } from 'node:fs';
import { generateSyntheticOhlcv, parseOhlcvCsv, timeframeToMs } from '@helios/domain-market-data';

/** The paper-trading setup of `tools/up` (apps/node-agent/src/demo/demo-plan.ts), which apps may not import. */
export const CHAOS_STRATEGIES = [
  { id: 'sma-cross', template: 'sma-cross', params: { fast: 10, slow: 30 } },
  { id: 'mean-reversion', template: 'mean-reversion', params: {} },
] as const;
export const CHAOS_SYMBOL = 'BTC-PERP';
export const CHAOS_TF = '1m';
export const CHAOS_ACCOUNT = 'paper';
/** `run` of every event of the drill: fixed, so two drills of the same feed can hash equal. */
export const CHAOS_RUN = 'chaos';
/** KV helios-config key market-data reads its release horizon from (`--release-key`). */
export const RELEASE_KEY = 'chaos.release';
const CAPITAL = 10_000;
const SYNTHETIC_SEED = 42;
const SYNTHETIC_START = Date.parse('2024-01-01T00:00:00Z');

export type StrategyParams = Readonly<Record<string, number>>;
export interface ChaosStrategy {
  id: string;
  template: string;
  params: StrategyParams;
}

/** KV `helios-config` entries: the demo's strategies, risk limits and service settings. */
export function chaosConfig(strategies: readonly ChaosStrategy[] = CHAOS_STRATEGIES): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const s of strategies) config[`strategy.${s.id}`] = { id: s.id, template: s.template, params: s.params, instruments: [CHAOS_SYMBOL], timeframe: CHAOS_TF };
  config['risk.limits'] = {
    strategies: Object.fromEntries(strategies.map((s) => [s.id, { allocation: 1, initialEquity: CAPITAL }])),
    instrumentDefaults: { priceCollarBps: 1_000 },
  };
  config['service.order-engine'] = { account: CHAOS_ACCOUNT, initialCapital: CAPITAL, defaultLotSize: 0.0001 };
  config['service.paper-exchange'] = { fillOn: 'bar-open', defaultInstrument: { lotSize: 0.0001 } };
  config['service.portfolio'] = { defaultCapital: CAPITAL, recordCurve: false };
  return config;
}

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
    return { args: ['--csv', file, '--venue', 'ftx', '--symbol', CHAOS_SYMBOL, '--tf', CHAOS_TF, '--speed', 'max'], venue: 'ftx', openTimes: series.time.slice(0, series.length), description: `${file} (${series.length} bars)` };
  }
  const bars = 20_000;
  const series = generateSyntheticOhlcv({ seed: SYNTHETIC_SEED, bars, startTime: SYNTHETIC_START, timeframeMs: timeframeToMs(CHAOS_TF) });
  return {
    args: ['--synthetic', '--seed', String(SYNTHETIC_SEED), '--bars', String(bars), '--start', String(SYNTHETIC_START), '--venue', 'synthetic', '--symbol', CHAOS_SYMBOL, '--tf', CHAOS_TF, '--speed', 'max'],
    venue: 'synthetic',
    openTimes: series.time.slice(0, series.length),
    description: `seeded synthetic feed (seed ${SYNTHETIC_SEED})`,
  };
}
