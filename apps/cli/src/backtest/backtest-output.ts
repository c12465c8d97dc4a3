import type { BacktestResult } from '@helios/kernel';
import type { StrategySource } from '../strategy/strategy-source';
import type { MarketSettings } from './market-flags';

export interface BacktestOutputInput {
  source: StrategySource;
  params: Readonly<Record<string, number>>;
  dataFile: string;
  market: MarketSettings;
  tf: string;
  result: BacktestResult;
  loadMs: number;
}

const round3 = (ms: number) => Math.round(ms * 1000) / 1000;

/** The result JSON of `helios backtest`, also written by `helios replay --distributed`. */
export function backtestOutput({ source, params, dataFile, market, tf, result, loadMs }: BacktestOutputInput): Record<string, unknown> {
  return {
    strategy: { name: source.name, kind: source.kind, params },
    data: { file: dataFile, symbol: market.symbol, tf, bars: result.bars, from: result.from, to: result.to },
    settings: { cash: market.cash, lotSize: market.lotSize, feeBps: market.feeBps, slippageBps: market.slippageBps, barsPerYear: result.metrics.barsPerYear },
    finalEquity: result.finalEquity,
    totalReturnPct: result.totalReturnPct,
    maxDrawdownPct: result.maxDrawdownPct,
    trades: result.trades,
    openPosition: result.openPosition,
    metrics: result.metrics,
    runHash: result.runHash,
    warnings: result.warnings,
    eventCounts: result.eventCounts,
    bars: result.bars,
    loadMs: round3(loadMs),
    elapsedMs: round3(result.elapsedMs),
    equityCurve: result.equityCurve,
  };
}
