/**
 * `npm run bench:backtest`: sma-cross (10/30) over the BTC 1-minute file repeated 20 times
 * (900,620 bars, timestamps shifted so time keeps increasing), in bars per second:
 *   - helios: the whole event-driven pipeline (strategy -> risk -> orders -> exchange -> portfolio,
 *     the same deciders the services run), via runBacktest, every event hashed into the runHash;
 *   - plumbing: the same pipeline with a strategy that does nothing, i.e. what the driver, the run
 *     hash and the risk, orders, exchange and portfolio deciders cost per bar without trading;
 *   - baseline: a plain loop doing only the two SMAs (rolling sums) and the crossover test.
 * All run in this process, alternating, best of ROUNDS each, on one core. Goal: >= 2M bars/s for
 * the pipeline. Prints a table, the ratio, then one JSON line (`--json`: only the JSON).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { strategyDecider } from '@helios/domain-strategy';
import { parseOhlcvCsv, repeatSeries, type OhlcvSeries } from '@helios/domain-market-data';
import type { HeliosEvent } from '@helios/contracts';
import type { Decider } from '@helios/domain-core';
import { runBacktest, type BacktestResult } from '@helios/kernel';
import { instantiateTemplate } from '@helios/strategy-dsl';

const ROUNDS = 3;
const REPEAT = 20;
const FAST = 10;
const SLOW = 30;
const GOAL_BARS_PER_SECOND = 2_000_000;

const jsonOnly = process.argv.includes('--json');
const say = (line = '') => {
  if (!jsonOnly) console.log(line);
};

const file = resolve(__dirname, '../../../shared/data/btc_perp_ftx_1m.csv');
const base = parseOhlcvCsv(readFileSync(file, 'utf8'), { source: file }).series;
const series = repeatSeries(base, REPEAT, 60_000);

/** The crossover rule alone: rolling sums, strict cross on two consecutive bars. Returns the signal count. */
function baseline(s: OhlcvSeries): number {
  const close = s.close;
  let fastSum = 0;
  let slowSum = 0;
  let previousDiff = NaN;
  let signals = 0;
  for (let i = 0; i < s.length; i++) {
    const c = close[i];
    fastSum += c;
    slowSum += c;
    if (i >= FAST) fastSum -= close[i - FAST];
    if (i >= SLOW) slowSum -= close[i - SLOW];
    if (i < SLOW - 1) continue;
    const diff = fastSum / FAST - slowSum / SLOW;
    if ((previousDiff < 0 && diff > 0) || (previousDiff > 0 && diff < 0)) signals++;
    previousDiff = diff;
  }
  return signals;
}

async function pipeline(s: OhlcvSeries): Promise<BacktestResult> {
  const { spec } = instantiateTemplate('sma-cross', { params: { fast: FAST, slow: SLOW }, instruments: ['BTC-PERP'] });
  return runBacktest({
    series: s,
    symbol: 'BTC-PERP',
    strategy: { id: 'sma-cross', decider: strategyDecider({ strategyId: 'sma-cross', spec }) },
    cash: 10_000,
    lotSize: 0.001,
    includeEquityCurve: false,
  });
}

/** A strategy that never wants a position: the pipeline's per-bar cost without the strategy's. */
const idle: Decider<null, HeliosEvent<'md.candle'>, HeliosEvent<'strategy.intent'>> = { name: 'idle', initialState: () => null, decide: () => [], evolve: (state) => state };

async function plumbing(s: OhlcvSeries): Promise<BacktestResult> {
  return runBacktest({ series: s, symbol: 'BTC-PERP', strategy: { id: 'idle', decider: idle }, cash: 10_000, lotSize: 0.001, includeEquityCurve: false });
}

async function main(): Promise<void> {
  say(`sma-cross ${FAST}/${SLOW} over ${series.length.toLocaleString('en-US')} one-minute bars (btc_perp_ftx_1m.csv x ${REPEAT}), best of ${ROUNDS}`);
  let baselineBest = 0;
  let pipelineBest = 0;
  let plumbingBest = 0;
  let signals = 0;
  let last: BacktestResult | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    signals = baseline(series);
    const baselineMs = performance.now() - t0;
    baselineBest = Math.max(baselineBest, series.length / (baselineMs / 1000));
    last = await pipeline(series);
    pipelineBest = Math.max(pipelineBest, series.length / (last.elapsedMs / 1000));
    const idleRun = await plumbing(series);
    plumbingBest = Math.max(plumbingBest, series.length / (idleRun.elapsedMs / 1000));
  }
  const result = last as BacktestResult;
  const ratio = pipelineBest / baselineBest;
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US').padStart(14);
  say('');
  say(`  ${'run'.padEnd(44)} ${'bars/s'.padStart(14)}`);
  say(`  ${'helios pipeline (5 deciders, runHash)'.padEnd(44)} ${fmt(pipelineBest)}`);
  say(`  ${'plumbing (same pipeline, idle strategy)'.padEnd(44)} ${fmt(plumbingBest)}`);
  say(`  ${'baseline (two SMAs + crossover, plain loop)'.padEnd(44)} ${fmt(baselineBest)}`);
  say('');
  say(`  pipeline / baseline: ${ratio.toFixed(4)} (the baseline does no orders, fills, accounting or events)`);
  say(`  goal >= ${GOAL_BARS_PER_SECOND.toLocaleString('en-US')} bars/s: ${pipelineBest >= GOAL_BARS_PER_SECOND ? 'met' : 'NOT met'}`);
  say(`  run: ${result.metrics.tradeCount} trades, ${signals} crossovers, ${Object.values(result.eventCounts).reduce((a, b) => a + b, 0).toLocaleString('en-US')} events, runHash ${result.runHash}`);
  console.log(
    JSON.stringify({
      bench: 'backtest',
      bars: series.length,
      pipelineBarsPerSecond: Math.round(pipelineBest),
      plumbingBarsPerSecond: Math.round(plumbingBest),
      baselineBarsPerSecond: Math.round(baselineBest),
      ratio: Number(ratio.toFixed(6)),
      goalBarsPerSecond: GOAL_BARS_PER_SECOND,
      goalMet: pipelineBest >= GOAL_BARS_PER_SECOND,
      trades: result.metrics.tradeCount,
      events: result.eventCounts,
      runHash: result.runHash,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
