import type { OhlcvSeries } from '@helios/domain-market-data';
import { backtestDeciderConfigs, closeTimesOf, resolveBacktestSettings, type BacktestDeciderConfigs, type BacktestSettings } from '@helios/kernel';
import { timeframeToMs } from '@helios/domain-market-data';
import { compileSpec } from '@helios/strategy-dsl';
import type { MarketSettings } from '../backtest/market-flags';
import { backtestOptions } from '../backtest/run-file-backtest';
import { buildStrategy, type StrategySource } from '../strategy/strategy-source';

/** Everything a distributed replay runs: the backtest's settings and each service's configuration. */
export interface ReplayPlan {
  settings: BacktestSettings;
  configs: BacktestDeciderConfigs;
  closeTimes: Float64Array;
  /** Parameters in effect (given over defaults), as `helios backtest` reports them. */
  params: Readonly<Record<string, number>>;
  /** KV `helios-config` entries of one run scope, keys relative to `bt.<scope>.`. */
  kvEntries: Record<string, unknown>;
}

/**
 * The replay's settings are `runBacktest`'s for the same flags (`runVariant`), and the services get
 * the deciders' configurations `runBacktest` builds its deciders from, so both run the same deciders.
 */
export function replayPlan(series: OhlcvSeries, source: StrategySource, params: Readonly<Record<string, number>>, market: MarketSettings, tf: string): ReplayPlan {
  const built = buildStrategy(source, params, market.symbol, tf);
  const settings = resolveBacktestSettings({ ...backtestOptions(series, built.strategy, market, tf), includeEquityCurve: true });
  const configs = backtestDeciderConfigs(settings);
  const id = settings.strategy.id;
  const common = { id, instruments: [market.symbol], timeframe: tf, params: { ...built.params } };
  const definition =
    source.kind === 'template'
      ? { ...common, template: source.name }
      : { ...common, graph: source.kind === 'graph' ? source.graph : compileSpec({ ...source.rules, instruments: [market.symbol], timeframe: tf }) };
  return {
    settings,
    configs,
    closeTimes: closeTimesOf(series, timeframeToMs(settings.tf)),
    params: built.params,
    kvEntries: {
      [`strategy.${id}`]: definition,
      'service.paper-exchange': configs.exchange,
      // The backtest's portfolio: P&L as the backtest emits it (on fills, and on every bar when a risk
      // limit follows the equity), the full curve kept, no capital for strangers.
      'service.portfolio': { ...configs.portfolio, recordCurve: true, defaultCapital: 0 },
      'service.risk-gate': configs.risk,
      'service.order-engine': configs.orders,
    },
  };
}
