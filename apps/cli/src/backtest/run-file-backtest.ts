import type { OhlcvSeries } from '@helios/domain-market-data';
import { runBacktest, type BacktestResult } from '@helios/kernel';
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

/** One backtest of one strategy with one set of parameters: what `backtest` runs once and `sweep` per grid point. */
export async function runVariant(series: OhlcvSeries, request: VariantRequest): Promise<VariantResult> {
  const { market } = request;
  const built = buildStrategy(request.source, request.params, market.symbol, request.tf);
  const result = await runBacktest({
    series,
    symbol: market.symbol,
    tf: request.tf,
    strategy: built.strategy,
    cash: market.cash,
    lotSize: market.lotSize,
    feeBps: market.feeBps,
    slippageBps: market.slippageBps,
    barsPerYear: market.barsPerYear,
    includeEquityCurve: request.includeEquityCurve,
    onProgress: request.onProgress,
  });
  return { result, params: built.params };
}
