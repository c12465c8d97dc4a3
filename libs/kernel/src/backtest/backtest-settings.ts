import { isId } from '@helios/contracts';
import { medianSpacingMs, msToTimeframe, timeframeToMs, type OhlcvSeries } from '@helios/domain-market-data';
import type { ExchangeConfig, ExchangeInput } from '@helios/domain-exchange';
import type { OrdersConfigInput } from '@helios/domain-orders';
import type { PortfolioConfig } from '@helios/domain-portfolio';
import { followsEquity, resolveRiskConfig, type RiskConfigInput } from '@helios/domain-risk';
import type { BacktestOptions } from './backtest-types';

export const EXCHANGE_INPUTS: readonly ExchangeInput['type'][] = ['order.new', 'md.candle', 'md.tick'];
export const PORTFOLIO_INPUTS = ['order.fill', 'md.candle', 'order.new', 'order.reject', 'order.cancel'] as const;
export const BACKTEST_ACCOUNT = 'backtest';
export const MARKET_DATA_SRC = 'market-data';

/** A backtest's options, checked and with every default filled in. */
export interface BacktestSettings {
  series: OhlcvSeries;
  symbol: string;
  venue: string;
  tf: string;
  strategy: BacktestOptions['strategy'];
  cash: number;
  lotSize: number;
  feeBps: number;
  slippageBps: number;
  risk: RiskConfigInput;
  runId: string;
  transport: 'direct' | 'bus';
  recordEvents: boolean;
  includeEquityCurve: boolean;
  barsPerYear: number | undefined;
  /** Median bar spacing (NaN for fewer than two bars), for the metrics' annualisation. */
  barSpacingMs: number;
  onProgress: BacktestOptions['onProgress'];
  progressEvery: number;
}

/**
 * The configuration of each decider of the pipeline, as plain JSON: `runBacktest` builds its
 * deciders from it, and the distributed replay hands the same values to the services, so both run
 * exactly the same deciders.
 */
export interface BacktestDeciderConfigs {
  exchange: ExchangeConfig;
  portfolio: PortfolioConfig;
  risk: RiskConfigInput;
  orders: OrdersConfigInput;
}

export function backtestDeciderConfigs(s: BacktestSettings): BacktestDeciderConfigs {
  const id = s.strategy.id;
  return {
    exchange: { defaultInstrument: { lotSize: s.lotSize }, takerFeeBps: s.feeBps, makerFeeBps: s.feeBps, slippageBps: s.slippageBps, timeframe: s.tf },
    // P&L on every bar when a risk limit follows the equity's path, as paper trading publishes it:
    // otherwise the gate would see the equity only at fills. Off by default: it adds an event per bar held.
    portfolio: { initialCapital: { [id]: s.cash }, timeframe: s.tf, emitEveryBar: followsEquity(resolveRiskConfig(s.risk)) },
    risk: s.risk,
    orders: { account: BACKTEST_ACCOUNT, defaultLotSize: s.lotSize, strategies: { [id]: { initialCapital: s.cash } } },
  };
}


export function resolveBacktestSettings(o: BacktestOptions): BacktestSettings {
  const fail = (what: string, expected: string, got: unknown): never => {
    throw new Error(`runBacktest: ${what} must be ${expected}, got ${typeof got === 'string' ? JSON.stringify(got) : String(got)}`);
  };
  if (o === null || typeof o !== 'object') fail('options', 'an object', o);
  const series = o.series;
  if (series === undefined || !(series.time instanceof Float64Array)) fail('series', 'an OhlcvSeries', series);
  const symbol = o.symbol;
  if (typeof symbol !== 'string' || !isId(symbol)) fail('symbol', 'a symbol token (letters, digits, - and _)', symbol);
  const venue = o.venue ?? 'backtest';
  if (!isId(venue)) fail('venue', 'a venue token', venue);
  const barSpacingMs = medianSpacingMs(series.time, series.length);
  let tf = o.tf;
  if (tf === undefined) tf = Number.isFinite(barSpacingMs) ? msToTimeframe(barSpacingMs) : '1d';
  timeframeToMs(tf);
  const strategy = o.strategy;
  if (strategy === undefined || typeof strategy.decider?.decide !== 'function') fail('strategy.decider', 'a Decider', strategy?.decider);
  if (!isId(strategy.id)) fail('strategy.id', 'a strategy id (letters, digits, - and _)', strategy.id);
  const cash = o.cash ?? 10_000;
  if (!(cash > 0) || !Number.isFinite(cash)) fail('cash', 'a finite number > 0', cash);
  const lotSize = o.lotSize ?? 1;
  if (!(lotSize > 0) || !Number.isFinite(lotSize)) fail('lotSize', 'a finite number > 0', lotSize);
  const feeBps = o.feeBps ?? 0;
  if (!(feeBps >= 0) || !(feeBps < 10_000)) fail('feeBps', 'a number in [0, 10000)', feeBps);
  const slippageBps = o.slippageBps ?? 0;
  if (!(slippageBps >= 0) || !(slippageBps < 10_000)) fail('slippageBps', 'a number in [0, 10000)', slippageBps);
  const runId = o.runId ?? 'backtest';
  if (!/^[A-Za-z0-9_-]+$/.test(runId)) fail('runId', 'a token (letters, digits, - and _)', runId);
  const transport = o.transport ?? 'direct';
  if (transport !== 'direct' && transport !== 'bus') fail('transport', 'direct or bus', transport);
  const progressEvery = o.progressEvery ?? 65_536;
  if (!Number.isSafeInteger(progressEvery) || progressEvery < 1) fail('progressEvery', 'an integer >= 1', progressEvery);
  return {
    series,
    symbol,
    venue,
    tf,
    strategy,
    cash,
    lotSize,
    feeBps,
    slippageBps,
    risk: o.risk ?? { strategies: { [strategy.id]: { allocation: 1, initialEquity: cash } } },
    runId,
    transport,
    recordEvents: o.recordEvents === true,
    includeEquityCurve: o.includeEquityCurve !== false,
    barsPerYear: o.barsPerYear,
    barSpacingMs,
    onProgress: o.onProgress,
    progressEvery,
  };
}

/** Each bar closes at open + tf, or at the next bar's open when that is sooner. */
export function closeTimesOf(series: OhlcvSeries, tfMs: number): Float64Array {
  const n = series.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const natural = series.time[i] + tfMs;
    out[i] = i + 1 < n && series.time[i + 1] < natural ? series.time[i + 1] : natural;
  }
  return out;
}

/**
 * Fills are events of the bar that filled them, stamped with its close time; a trade's entry and
 * exit are reported at that bar's open time, when the fill executed (binary search, per trade).
 */
export function barOpenTimeAt(series: OhlcvSeries, closeTimes: Float64Array, eventTs: number): number {
  let lo = 0;
  let hi = closeTimes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (closeTimes[mid] < eventTs) lo = mid + 1;
    else hi = mid;
  }
  if (closeTimes[lo] !== eventTs) throw new Error(`runBacktest: no bar closes at ${eventTs}, the time of a fill`);
  return series.time[lo];
}
