import { backtestReport, type BacktestResult } from '@helios/kernel';
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

/** The result JSON of `helios backtest`, also written by `helios replay --distributed`. */
export function backtestOutput({ source, params, dataFile, market, tf, result, loadMs }: BacktestOutputInput): Record<string, unknown> {
  const { cash, lotSize, feeBps, slippageBps, symbol } = market;
  return backtestReport({ strategy: { name: source.name, kind: source.kind, params }, dataFile, symbol, tf, settings: { cash, lotSize, feeBps, slippageBps }, result, loadMs });
}
