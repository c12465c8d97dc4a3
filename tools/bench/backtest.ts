/**
 * `npm run bench:backtest`: sma-cross (10/30) over the BTC 1-minute file repeated 20 times
 * (900,620 bars, timestamps shifted so time keeps increasing), in bars per second:
 *   - helios: the whole event-driven pipeline (strategy -> risk -> orders -> exchange -> portfolio,
 *     the same deciders the services run), via runBacktest, every event hashed into the runHash;
 *   - plumbing: the same pipeline with a strategy that does nothing, i.e. what the driver, the run
 *     hash and the risk, orders, exchange and portfolio deciders cost per bar without trading;
 *   - baseline: a plain loop doing only the two SMAs (rolling sums) and the crossover test.
 * All run in this process on one core, ROUNDS rounds each, best and median of each: the pipeline's rounds
 * (each after a baseline round) first, then the plumbing's. A user's backtest process runs one strategy;
 * run before the idle strategy, the pipeline's code has seen only the deciders it runs (alternating
 * with the idle one measured it ~5% slower: V8's call-site feedback then mixes two strategies). Goal:
 * >= 2M bars/s for the pipeline. Prints a table, the ratio, then one JSON line (`--json`: only the JSON).
 *
 * What is measured is what users run: `helios backtest` runs the CLI's esbuild bundle
 * (apps/cli/dist, `nx run cli:build`), so by default this script bundles itself the same way
 * (esbuild, cjs, packages external) into tmp/bench/ and runs the bundle with node. `--from-source`
 * measures the TypeScript sources through tsx instead (slower: tsx's CommonJS interop turns every
 * call of another module's export into a getter call). The output names the build measured.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { strategyDecider } from '@helios/domain-strategy';
import { parseOhlcvCsv, repeatSeries, type OhlcvSeries } from '@helios/domain-market-data';
import type { HeliosEvent } from '@helios/contracts';
import type { Decider } from '@helios/domain-core';
import { runBacktest, type BacktestResult } from '@helios/kernel';
import { instantiateTemplate } from '@helios/strategy-dsl';

const ROUNDS = 5;
const REPEAT = 20;
const FAST = 10;
const SLOW = 30;
const GOAL_BARS_PER_SECOND = 2_000_000;

const jsonOnly = process.argv.includes('--json');
const fromSource = process.argv.includes('--from-source');
/** Set by the bundle step: this process is the bundle. */
const BUNDLED = process.env.HELIOS_BENCH_BUNDLED === '1';
const say = (line = '') => {
  if (!jsonOnly) console.log(line);
};

/** The bundle lives in tmp/bench/, so the data file is located from the sources' place, passed on by the parent. */
const file = process.env.HELIOS_BENCH_DATA ?? resolve(__dirname, '../../../shared/data/btc_perp_ftx_1m.csv');

/**
 * Bundles this script as the CLI build does and runs the bundle; returns its exit code. Building
 * takes well under a second and is not part of any figure.
 */
function runBundled(): number {
  const root = resolve(__dirname, '../..');
  const outfile = join(root, 'tmp', 'bench', 'backtest.js');
  // Loaded here only: the bundle itself never builds.
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({
    entryPoints: [__filename],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    tsconfig: join(root, 'tsconfig.base.json'),
    outfile,
    logLevel: 'warning',
  });
  const child = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, HELIOS_BENCH_BUNDLED: '1', HELIOS_BENCH_DATA: file },
  });
  return child.status ?? 1;
}

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

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  // As every app runs (tools/lib/app-entry.js): before anything hot is compiled.
  const { applyV8Tuning } = require('../lib/v8-tuning.js') as { applyV8Tuning(): string[] };
  const tuning = applyV8Tuning();
  const base = parseOhlcvCsv(readFileSync(file, 'utf8'), { source: file }).series;
  const series = repeatSeries(base, REPEAT, 60_000);
  const build = BUNDLED ? 'esbuild bundle (as `helios backtest` runs)' : 'TypeScript sources through tsx (--from-source)';
  say(`sma-cross ${FAST}/${SLOW} over ${series.length.toLocaleString('en-US')} one-minute bars (btc_perp_ftx_1m.csv x ${REPEAT}), ${ROUNDS} rounds`);
  say(`V8 flags as the apps run: ${tuning.length > 0 ? tuning.join(' ') : '(none: HELIOS_V8_TUNING=0, or given on the command line)'}`);
  say(`measured: ${build}; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores (figures are only comparable on a quiet machine)`);
  const baselineRates: number[] = [];
  const pipelineRates: number[] = [];
  const plumbingRates: number[] = [];
  let signals = 0;
  let last: BacktestResult | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    signals = baseline(series);
    baselineRates.push(series.length / ((performance.now() - t0) / 1000));
    last = await pipeline(series);
    pipelineRates.push(series.length / (last.elapsedMs / 1000));
  }
  for (let round = 0; round < ROUNDS; round++) {
    const idleRun = await plumbing(series);
    plumbingRates.push(series.length / (idleRun.elapsedMs / 1000));
  }
  const result = last as BacktestResult;
  const pipelineBest = Math.max(...pipelineRates);
  const plumbingBest = Math.max(...plumbingRates);
  const baselineBest = Math.max(...baselineRates);
  const ratio = pipelineBest / baselineBest;
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US').padStart(14);
  say('');
  say(`  ${'run'.padEnd(44)} ${'best bars/s'.padStart(14)} ${'median'.padStart(14)}`);
  say(`  ${'helios pipeline (5 deciders, runHash)'.padEnd(44)} ${fmt(pipelineBest)} ${fmt(median(pipelineRates))}`);
  say(`  ${'plumbing (same pipeline, idle strategy)'.padEnd(44)} ${fmt(plumbingBest)} ${fmt(median(plumbingRates))}`);
  say(`  ${'baseline (two SMAs + crossover, plain loop)'.padEnd(44)} ${fmt(baselineBest)} ${fmt(median(baselineRates))}`);
  say('');
  say(`  pipeline / baseline: ${ratio.toFixed(4)} (best of each; the baseline does no orders, fills, accounting or events)`);
  say(`  goal >= ${GOAL_BARS_PER_SECOND.toLocaleString('en-US')} bars/s: ${pipelineBest >= GOAL_BARS_PER_SECOND ? 'met' : 'NOT met'}`);
  say(`  run: ${result.metrics.tradeCount} trades, ${signals} crossovers, ${Object.values(result.eventCounts).reduce((a, b) => a + b, 0).toLocaleString('en-US')} events, runHash ${result.runHash}`);
  console.log(
    JSON.stringify({
      bench: 'backtest',
      bars: series.length,
      build: BUNDLED ? 'bundle' : 'tsx',
      v8Flags: tuning,
      loadAverage: Number(loadavg()[0].toFixed(2)),
      pipelineBarsPerSecond: Math.round(pipelineBest),
      pipelineMedianBarsPerSecond: Math.round(median(pipelineRates)),
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

if (!BUNDLED && !fromSource) {
  process.exitCode = runBundled();
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
