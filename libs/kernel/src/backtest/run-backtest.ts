import { STREAMS, subjects, subjectFor, type HeliosEvent } from '@helios/contracts';
import { timeframeToMs } from '@helios/domain-market-data';
import { createExchangeDecider } from '@helios/domain-exchange';
import { createOrdersDecider, ORDERS_INPUT_TYPES, type OrdersState } from '@helios/domain-orders';
import { createPortfolioDecider, type PortfolioState, type PositionBook } from '@helios/domain-portfolio';
import { createRiskDecider, RISK_INPUT_TYPES } from '@helios/domain-risk';
import { BacktestClock } from '../clock/backtest-clock';
import { InMemoryBus } from '../in-memory-bus';
import { backtestResult } from './backtest-result';
import { backtestDeciderConfigs, closeTimesOf, EXCHANGE_INPUTS, MARKET_DATA_SRC, PORTFOLIO_INPUTS, resolveBacktestSettings } from './backtest-settings';
import type { BacktestOptions, BacktestResult } from './backtest-types';
import { RunHasher } from './run-hash';
import { RunWarnings } from './run-warnings';
import { SeriesCandles, type CandleSeriesMeta } from './series-candle';
import { stage, SyncPipeline } from './sync-pipeline';

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
  const settings = resolveBacktestSettings(options);
  const { series, strategy } = settings;
  const n = series.length;
  const meta: CandleSeriesMeta = { venue: settings.venue, symbol: settings.symbol, tf: settings.tf, src: MARKET_DATA_SRC, run: settings.runId };
  const closeTimes = closeTimesOf(series, timeframeToMs(settings.tf));

  const configs = backtestDeciderConfigs(settings);
  const stages = [
    stage('exchange', createExchangeDecider(configs.exchange), EXCHANGE_INPUTS),
    stage('portfolio', createPortfolioDecider(configs.portfolio), PORTFOLIO_INPUTS),
    stage('risk', createRiskDecider(configs.risk), RISK_INPUT_TYPES),
    stage('orders', createOrdersDecider(configs.orders), ORDERS_INPUT_TYPES),
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
  // Only the deciders see a candle, and only while they handle it: one object serves every bar.
  const reuseCandle = bus === undefined && events === undefined;

  const { time, open, high, low, close, volume } = series;
  const progressEvery = settings.progressEvery;
  const onProgress = settings.onProgress;
  let position: PositionBook | undefined;
  let exposedBars = 0;
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const closeTime = closeTimes[i];
    clock.advanceTo(closeTime);
    const candle = reuseCandle ? candles.reuseAt(i) : candles.at(i);
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

  return backtestResult({
    settings,
    closeTimes,
    portfolio: portfolioStage.state as PortfolioState,
    orders: stages[3].state as OrdersState,
    runHash: hasher.digest(),
    warnings,
    counts,
    exposedBars,
    elapsedMs,
    events,
  });
}
