import type { OhlcvSeries } from '@helios/domain-market-data';
import { runBacktest, type BacktestOptions, type BacktestResult } from '@helios/kernel';
import { buildStrategy, type StrategySource } from '../strategy/strategy-source';
import type { MarketSettings } from './market-flags';

export interface VariantRequest {
  source: StrategySource;
  params: Readonly<Record<string, number>>;
  market: MarketSettings;
  tf: string;
  includeEquityCurve: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface VariantResult {
  result: BacktestResult;
  params: Readonly<Record<string, number>>;
}

/** `runBacktest`'s options for a built strategy on one market: shared by backtests, sweeps and replays. */
export function backtestOptions(series: OhlcvSeries, strategy: BacktestOptions['strategy'], market: MarketSettings, tf: string): BacktestOptions {
  return {
    series,
    symbol: market.symbol,
    tf,
    strategy,
    cash: market.cash,
    lotSize: market.lotSize,
    feeBps: market.feeBps,
    slippageBps: market.slippageBps,
    barsPerYear: market.barsPerYear,
  };
}

/** One backtest of one strategy with one set of parameters: what `backtest` runs once and `sweep` per grid point. */
export async function runVariant(series: OhlcvSeries, request: VariantRequest): Promise<VariantResult> {
  const built = buildStrategy(request.source, request.params, request.market.symbol, request.tf);
  const result = await runBacktest({
    ...backtestOptions(series, built.strategy, request.market, request.tf),
    includeEquityCurve: request.includeEquityCurve,
    onProgress: request.onProgress,
  });
  return { result, params: built.params };
}
