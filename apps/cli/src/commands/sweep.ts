import { availableParallelism } from 'node:os';
import type { Command } from '../args/command';
import { EXIT_OK, UsageError } from '../args/usage-error';
import { MARKET_FLAGS, readMarketFlags } from '../backtest/market-flags';
import { readStrategyFlags, STRATEGY_FLAGS } from '../backtest/strategy-flags';
import { loadOhlcvFile, timeframeOf } from '../data-file';
import type { CliIo } from '../io';
import { writeOutput } from '../output-file';
import { paramProblem } from '../strategy/strategy-source';
import { combinations, parseGridAxis } from '../sweep/grid';
import { formatCsv, formatTable, rankRows, RANK_METRICS, readRankMetric } from '../sweep/rank';
import { shareSeries } from '../sweep/shared-series';
import { runSweep } from '../sweep/sweep-pool';
import type { SweepJob, SweepRow } from '../sweep/sweep-protocol';
import { recorded, RECORD_FLAG, recordTarget } from '../runs/record-run';

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'backtest every combination of a parameter grid on all cores and rank the results',
  usage: '--data FILE --strategy T --grid NAME=FROM..TO:STEP [--grid ...] [--workers N] [--rank-by METRIC] [--top 20] [--out FILE.csv]',
  flags: [
    { name: 'data', kind: 'string', valueName: 'FILE', required: true, description: 'OHLCV CSV' },
    ...STRATEGY_FLAGS,
    { name: 'grid', kind: 'string', valueName: 'SPEC', repeatable: true, description: 'a parameter axis: name=from..to:step or name=a,b,c' },
    { name: 'workers', kind: 'integer', valueName: 'N', min: 1, description: `worker threads (default: all cores, ${availableParallelism()} here)` },
    { name: 'rank-by', kind: 'string', valueName: 'METRIC', default: 'totalReturnPct', description: `ranking metric, higher is better: ${RANK_METRICS.join(', ')}` },
    { name: 'top', kind: 'integer', valueName: 'N', default: 20, min: 1, description: 'rows of the table printed' },
    ...MARKET_FLAGS,
    { name: 'out', kind: 'string', valueName: 'FILE', description: 'also write every ranked row as CSV' },
    RECORD_FLAG,
  ],
  details: `Each combination is one full backtest (as helios backtest, same flags and semantics). Combinations
the strategy refuses (out of range, or breaking a rule such as fast < slow) are skipped and counted.
The table is ranked by --rank-by (default totalReturnPct), best first; undefined values (e.g. no
Sharpe without variance) rank last, ties keep grid order. runHash identifies each run: a single
helios backtest with the same parameters reports the same hash. Variants with warnings (e.g. cash
that buys less than one lot: see --lot-size) are counted on stderr, with the first one's warnings.

Example:
  helios sweep --data ../shared/data/btc_perp_ftx_1h.csv --strategy sma-cross --lot-size 0.001 \\
    --grid fast=5..50:5 --grid slow=20..200:10 --out sweep.csv`,
  async run(flags, io) {
    const { source, params: baseParams } = readStrategyFlags(flags, io.cwd);
    const dataFile = flags['data'] as string;
    const market = readMarketFlags(flags, dataFile);
    const metric = readRankMetric(flags['rank-by'] as string);
    const axes = (flags['grid'] as string[]).map(parseGridAxis);
    if (axes.length === 0) throw new UsageError('helios sweep: give at least one --grid (see helios sweep --help)');
    for (const axis of axes) {
      if (Object.hasOwn(baseParams, axis.name)) throw new UsageError(`--grid ${axis.name} and --param ${axis.name} both set ${axis.name}`);
    }
    const all = combinations(axes);
    const valid: Array<Record<string, number>> = [];
    let skipped = 0;
    let example: string | undefined;
    for (const point of all) {
      const problem = paramProblem(source, { ...baseParams, ...point });
      if (problem === undefined) valid.push(point);
      else {
        skipped++;
        example ??= `${describe(point)}: ${problem}`;
      }
    }

    const data = loadOhlcvFile(dataFile, io.cwd);
    const tf = timeframeOf(data);
    const job: SweepJob = { series: shareSeries(data.series), source, baseParams, market, tf };
    const workers = (flags['workers'] as number | undefined) ?? availableParallelism();
    const started = performance.now();
    const grid = Object.fromEntries(axes.map((a) => [a.name, a.values]));
    const sweepStart = { kind: 'sweep' as const, strategy: source.name, dataFile, params: baseParams, settings: { ...market, grid, rankBy: metric, source } };
    const { rows, ranked } = await recorded(
      recordTarget(flags),
      sweepStart,
      io,
      async () => {
        const rows = await runSweep(job, valid, { workers, onRow: sweepProgress(io, valid.length) });
        return { rows, ranked: rankRows(rows, metric) };
      },
      // The sweep's headline is its best variant; the result keeps every ranked row.
      ({ ranked }) => ({
        result: { strategy: source.name, dataFile, tf, rankBy: metric, grid, skipped, rows: ranked },
        metrics: ranked.length > 0 ? { ...bestMetrics(ranked[0]), variants: ranked.length, skipped } : { variants: 0, skipped },
        ...(ranked.length > 0 ? { params: { ...baseParams, ...ranked[0].params } } : {}),
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    const names = axes.map((a) => a.name);
    io.out(
      `sweep ${source.name} on ${dataFile} (${data.series.length} bars, ${tf}): ${all.length} combinations, ${skipped} skipped as invalid, ` +
        `${rows.length} run on ${Math.min(workers, Math.max(1, valid.length))} workers in ${seconds.toFixed(2)} s (${(rows.length / seconds).toFixed(1)} variants/s)\n`,
    );
    if (example !== undefined) io.out(`skipped, e.g. ${example}\n`);
    io.out(`ranked by ${metric}, higher is better${Object.keys(baseParams).length > 0 ? `; fixed: ${describe(baseParams)}` : ''}\n\n`);
    io.out(formatTable(ranked.slice(0, flags['top'] as number), names));
    // As helios backtest prints them, but once for the grid: a table of zeros otherwise says nothing of why.
    const warned = rows.filter((r) => r.warnings.length > 0).sort((a, b) => a.index - b.index);
    if (warned.length > 0) {
      io.err(`warning: ${warned.length} of ${rows.length} variants had warnings; the first, ${describe(warned[0].params)}:\n`);
      for (const warning of warned[0].warnings) io.err(`warning:   ${warning}\n`);
    }
    const out = flags['out'] as string | undefined;
    if (out !== undefined) writeOutput(out, formatCsv(ranked, names), io);
    return EXIT_OK;
  },
};

function bestMetrics(row: SweepRow): Record<string, unknown> {
  const { index: _index, params: _params, ...figures } = row;
  return figures;
}

const describe = (params: Record<string, number>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

function sweepProgress(io: CliIo, total: number): ((row: unknown, done: number, all: number) => void) | undefined {
  if (!io.isTTY || total < 2) return undefined;
  return (_row, done, all) => {
    io.err(`\rsweep ${done}/${all} variants`);
    if (done === all) io.err('\n');
  };
}
