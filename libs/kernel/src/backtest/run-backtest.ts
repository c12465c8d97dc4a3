import { STREAMS, subjects, subjectFor, type HeliosEvent } from '@helios/contracts';
import { medianSpacingMs, msToTimeframe, timeframeToMs, type OhlcvSeries } from '@helios/domain-market-data';
import { createExchangeDecider, type ExchangeInput } from '@helios/domain-exchange';
import { createOrdersDecider, ORDERS_INPUT_TYPES, type OrdersState } from '@helios/domain-orders';
import { closedTrades, createPortfolioDecider, equityCurve, openPositions, type PortfolioState, type PositionBook } from '@helios/domain-portfolio';
import { createRiskDecider, RISK_INPUT_TYPES, type RiskConfigInput } from '@helios/domain-risk';
import { BacktestClock } from '../clock/backtest-clock';
import { InMemoryBus } from '../in-memory-bus';
import type { BacktestOptions, BacktestResult, OpenPositionRecord, TradeRecord } from './backtest-types';
import { computeMetrics } from './metrics';
import { RunHasher } from './run-hash';
import { RunWarnings } from './run-warnings';
import { SeriesCandles, type CandleSeriesMeta } from './series-candle';
import { stage, SyncPipeline } from './sync-pipeline';

const EXCHANGE_INPUTS: readonly ExchangeInput['type'][] = ['order.new', 'md.candle', 'md.tick'];
const PORTFOLIO_INPUTS = ['order.fill', 'md.candle', 'order.new', 'order.reject', 'order.cancel'] as const;
const ACCOUNT = 'backtest';
const MARKET_DATA_SRC = 'market-data';

/**
 * Runs one strategy over one bar series through the real pipeline (ADR 0005): strategy -> risk ->
 * orders -> exchange -> portfolio, the same deciders the services run. Each bar is published as a
 * closed `md.candle` (id `eventId(venue, symbol, tf, openTime)`, event time = its close time) and
 * everything it causes is delivered before the next bar, depth first (see SyncPipeline), which
 * gives the order within a bar: fills at the open, portfolio marks at the close, then strategy ->
 * risk -> orders. The time of the BacktestClock is the bar's close time.
 *
 * A bar closes at its open + tf, or at the next bar's open if that comes sooner (irregular series),
 * so an order decided at a bar's close always fills at the next bar's open.
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestResult> {
  const settings = readOptions(options);
  const { series, strategy, cash } = settings;
  const n = series.length;
  const meta: CandleSeriesMeta = { venue: settings.venue, symbol: settings.symbol, tf: settings.tf, src: MARKET_DATA_SRC, run: settings.runId };
  const closeTimes = closeTimesOf(series, timeframeToMs(settings.tf));

  const portfolio = createPortfolioDecider({ initialCapital: { [strategy.id]: cash }, timeframe: settings.tf });
  const stages = [
    stage('exchange', createExchangeDecider({
      defaultInstrument: { lotSize: settings.lotSize },
      takerFeeBps: settings.feeBps,
      makerFeeBps: settings.feeBps,
      slippageBps: settings.slippageBps,
      timeframe: settings.tf,
    }), EXCHANGE_INPUTS),
    stage('portfolio', portfolio, PORTFOLIO_INPUTS),
    stage('risk', createRiskDecider(settings.risk), RISK_INPUT_TYPES),
    stage('orders', createOrdersDecider({ account: ACCOUNT, defaultLotSize: settings.lotSize, strategies: { [strategy.id]: { initialCapital: cash } } }), ORDERS_INPUT_TYPES),
    stage('strategy', strategy.decider, strategy.inputs ?? ['md.candle']),
  ];
  const portfolioStage = stages[1];

  const hasher = new RunHasher();
  hasher.candleSeries(meta.venue, meta.symbol, meta.tf, meta.src, meta.run);
  const counts = new Map<string, number>();
  const events: HeliosEvent[] | undefined = settings.recordEvents ? [] : undefined;
  const clock = options.bus?.clock ?? new BacktestClock(n > 0 ? closeTimes[0] : 0);
  const ownBus = settings.transport === 'bus' && options.bus === undefined;
  const bus = settings.transport !== 'bus' ? undefined : (options.bus?.bus ?? new InMemoryBus({ clock, streams: STREAMS }));
  const candleSubject = subjects.candle(meta.venue, meta.symbol, meta.tf);

  const warnings = new RunWarnings();
  const pipeline = new SyncPipeline(stages, (e) => {
    hasher.event(e);
    warnings.observe(e);
    counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
    if (bus !== undefined) bus.publishSync(subjectFor(e), e);
    if (events !== undefined) events.push(e);
  });
  const candleRoute = pipeline.route('md.candle');
  const candles = new SeriesCandles(meta, series, closeTimes);

  const { time, open, high, low, close, volume } = series;
  const progressEvery = settings.progressEvery;
  const onProgress = settings.onProgress;
  let position: PositionBook | undefined;
  let exposedBars = 0;
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const closeTime = closeTimes[i];
    clock.advanceTo(closeTime);
    const candle = candles.at(i);
    hasher.candle(time[i], closeTime, open[i], high[i], low[i], close[i], volume[i]);
    if (bus !== undefined) bus.publishSync(candleSubject, candle);
    if (events !== undefined) events.push(candle);
    pipeline.deliver(candle, candleRoute, undefined);

    position ??= (portfolioStage.state as PortfolioState).strategies.get(strategy.id)?.positions.get(meta.symbol);
    if (position !== undefined && position.qty !== 0) exposedBars++;
    if (bus !== undefined) await bus.idle();
    if (onProgress !== undefined && (i + 1) % progressEvery === 0) onProgress(i + 1, n);
  }
  const elapsedMs = performance.now() - started;
  if (onProgress !== undefined) onProgress(n, n);
  counts.set('md.candle', n + (counts.get('md.candle') ?? 0));
  if (ownBus) await bus?.close();

  warnings.addAnomalies((stages[3].state as OrdersState).anomalies);
  const state = portfolioStage.state as PortfolioState;
  const curve = equityCurve(state, strategy.id);
  if (curve.equity.length !== n) {
    throw new Error(`runBacktest: the portfolio marked ${curve.equity.length} bar closes for ${n} bars; candles were not all marked`);
  }
  const openTimeOf = (eventTs: number) => barOpenTimeAt(series, closeTimes, eventTs);
  const trades: TradeRecord[] = closedTrades(state, strategy.id).map((t) => ({
    side: t.side,
    qty: t.qty,
    entryTs: openTimeOf(t.entryTs),
    entryPrice: t.entryPrice,
    exitTs: openTimeOf(t.exitTs),
    exitPrice: t.exitPrice,
    pnl: t.pnl,
    fees: t.fees,
  }));
  const open0 = openPositions(state, strategy.id)[0];
  const openPosition: OpenPositionRecord | null =
    open0 === undefined
      ? null
      : {
          side: open0.qty > 0 ? 'long' : 'short',
          qty: Math.abs(open0.qty),
          entryTs: openTimeOf(open0.entryTs),
          entryPrice: open0.avgPrice,
          markPrice: open0.mark,
          unrealizedPnl: open0.unrealized,
          fees: open0.fees,
        };
  const finalEquity = n > 0 ? curve.equity[n - 1] : cash;
  const metrics = computeMetrics({
    time,
    equity: curve.equity,
    initialEquity: cash,
    tradePnls: trades.map((t) => t.pnl),
    exposedBars,
    barsPerYear: settings.barsPerYear,
    barSpacingMs: settings.barSpacingMs,
  });
  const result: BacktestResult = {
    strategyId: strategy.id,
    symbol: meta.symbol,
    tf: meta.tf,
    bars: n,
    from: n > 0 ? time[0] : null,
    to: n > 0 ? time[n - 1] : null,
    cash,
    finalEquity,
    totalReturnPct: metrics.totalReturnPct,
    maxDrawdownPct: metrics.maxDrawdownPct,
    trades,
    openPosition,
    metrics,
    equityCurve: settings.includeEquityCurve ? Array.from(curve.equity, (equity, i) => ({ ts: time[i], equity })) : [],
    runHash: hasher.digest(),
    warnings: warnings.list(),
    eventCounts: Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    elapsedMs,
  };
  if (events !== undefined) result.events = events;
  return result;
}

interface Settings {
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

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

function readOptions(o: BacktestOptions): Settings {
  const fail = (what: string, expected: string, got: unknown): never => {
    throw new Error(`runBacktest: ${what} must be ${expected}, got ${typeof got === 'string' ? JSON.stringify(got) : String(got)}`);
  };
  if (o === null || typeof o !== 'object') fail('options', 'an object', o);
  const series = o.series;
  if (series === undefined || !(series.time instanceof Float64Array)) fail('series', 'an OhlcvSeries', series);
  const symbol = o.symbol;
  if (typeof symbol !== 'string' || !ID.test(symbol)) fail('symbol', 'a symbol token (letters, digits, - and _)', symbol);
  const venue = o.venue ?? 'backtest';
  if (!ID.test(venue)) fail('venue', 'a venue token', venue);
  const barSpacingMs = medianSpacingMs(series.time, series.length);
  let tf = o.tf;
  if (tf === undefined) tf = Number.isFinite(barSpacingMs) ? msToTimeframe(barSpacingMs) : '1d';
  timeframeToMs(tf);
  const strategy = o.strategy;
  if (strategy === undefined || typeof strategy.decider?.decide !== 'function') fail('strategy.decider', 'a Decider', strategy?.decider);
  if (!ID.test(strategy.id)) fail('strategy.id', 'a strategy id (letters, digits, - and _)', strategy.id);
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
function closeTimesOf(series: OhlcvSeries, tfMs: number): Float64Array {
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
function barOpenTimeAt(series: OhlcvSeries, closeTimes: Float64Array, eventTs: number): number {
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
