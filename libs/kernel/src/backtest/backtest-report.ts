import type { BacktestResult } from './backtest-types';

/** What a report says about the run besides its result. */
export interface BacktestReportInput {
  /** `graph`: the builder's graph, kept so the run can be re-run without the builder. */
  strategy: { name: string; kind: string; params: Readonly<Record<string, number>>; graph?: Record<string, unknown> };
  dataFile: string;
  symbol: string;
  tf: string;
  settings: { cash: number; lotSize: number; feeBps: number; slippageBps: number };
  result: BacktestResult;
  /** Time to read the data, when the caller measured it. */
  loadMs?: number;
}

/** The result JSON of `helios backtest --out`: also written by `helios replay --distributed` and the supervisor's backtests. */
export type BacktestReport = Record<string, unknown> & {
  strategy: BacktestReportInput['strategy'];
  metrics: Record<string, unknown>;
  runHash: string;
};

const round3 = (ms: number) => Math.round(ms * 1000) / 1000;

export function backtestReport({ strategy, dataFile, symbol, tf, settings, result, loadMs }: BacktestReportInput): BacktestReport {
  return {
    strategy,
    data: { file: dataFile, symbol, tf, bars: result.bars, from: result.from, to: result.to },
    settings: { ...settings, barsPerYear: result.metrics.barsPerYear },
    finalEquity: result.finalEquity,
    totalReturnPct: result.totalReturnPct,
    maxDrawdownPct: result.maxDrawdownPct,
    trades: result.trades,
    openPosition: result.openPosition,
    metrics: result.metrics as unknown as Record<string, unknown>,
    runHash: result.runHash,
    warnings: result.warnings,
    eventCounts: result.eventCounts,
    bars: result.bars,
    ...(loadMs !== undefined ? { loadMs: round3(loadMs) } : {}),
    elapsedMs: round3(result.elapsedMs),
    equityCurve: result.equityCurve,
  };
}
