import type { Command } from '../args/command';
import { EXIT_OK } from '../args/usage-error';
import { backtestOutput } from '../backtest/backtest-output';
import { runVariant } from '../backtest/run-file-backtest';
import { MARKET_FLAGS, readMarketFlags } from '../backtest/market-flags';
import { progressBar } from '../backtest/progress-bar';
import { readStrategyFlags, STRATEGY_FLAGS, strategyHelp } from '../backtest/strategy-flags';
import { loadOhlcvFile, timeframeOf } from '../data-file';
import { writeOutput } from '../output-file';
import { recorded, RECORD_FLAG, recordTarget } from '../runs/record-run';
import { backtestHeadline } from '@helios/nats';

export const backtestCommand: Command = {
  name: 'backtest',
  summary: 'run a strategy over an OHLCV CSV through the full pipeline and write the result as JSON',
  usage: '--data FILE --strategy <template | graph.json | EXPR> [--param K=V]... [--cash 10000] [--lot-size 1] [--fee-bps 0] [--slippage-bps 0] --out FILE',
  flags: [
    { name: 'data', kind: 'string', valueName: 'FILE', required: true, description: 'OHLCV CSV (ts,open,high,low,close,volume or Date,Open,...)' },
    ...STRATEGY_FLAGS,
    ...MARKET_FLAGS,
    { name: 'out', kind: 'string', valueName: 'FILE', required: true, description: 'result JSON, - for stdout' },
    RECORD_FLAG,
  ],
  get details() {
    return `The bars go through strategy -> risk -> orders -> exchange -> portfolio, the deciders the services
run (ADR 0005): market orders decided at a bar's close fill at the next bar's open; a long entry
buys floor(cash / (open x (1 + fee)) / lot) lots; an open position at the end is marked at the last
close and reported in openPosition.

The JSON has finalEquity, totalReturnPct, maxDrawdownPct (negative, on bar-close equity), trades
(entryTs, entryPrice, exitTs, exitPrice, qty, pnl, fees; times are the fill bars' open times in ms),
openPosition (or null), metrics (CAGR, Sharpe, Sortino annualised by bars per year from the median
bar spacing, drawdown duration, win rate, profit factor, exposure), equityCurve (bar-close equity),
runHash (over every event of the run: same inputs, same hash), bars, loadMs, elapsedMs.
A progress bar is drawn on stderr when it is a terminal and the run is long.

Templates:
${strategyHelp()}

Examples:
  helios backtest --data ../shared/data/goog_daily_2004_2013.csv --strategy sma-cross --out goog.json
  helios backtest --data btc.csv --strategy macd-rsi --param fast=8 --fee-bps 10 --lot-size 0.001 --out -
  helios backtest --data btc.csv --strategy "close > sma(close, 50)" --out -`;
  },
  async run(flags, io) {
    const { source, params } = readStrategyFlags(flags, io.cwd);
    const dataFile = flags['data'] as string;
    const market = readMarketFlags(flags, dataFile);
    const data = loadOhlcvFile(dataFile, io.cwd);
    const tf = timeframeOf(data);
    const start = { kind: 'backtest' as const, strategy: source.name, dataFile, params, settings: { ...market, source } };
    const { output, result } = await recorded(
      recordTarget(flags),
      start,
      io,
      async () => {
        const { result, params: used } = await runVariant(data.series, {
          source,
          params,
          market,
          tf,
          includeEquityCurve: true,
          onProgress: progressBar(io, data.series.length, `backtest ${source.name}`),
        });
        return { result, output: backtestOutput({ source, params: used, dataFile, market, tf, result, loadMs: data.loadMs }) };
      },
      ({ output }) => ({ result: output, metrics: backtestHeadline(output), params: (output['strategy'] as { params: Record<string, number> }).params }),
    );
    writeOutput(flags['out'] as string, JSON.stringify(output, null, 1) + '\n', io);
    for (const warning of result.warnings) io.err(`warning: ${warning}\n`);
    return EXIT_OK;
  },
};

