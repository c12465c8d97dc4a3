import type { HeliosEvent } from '@helios/contracts';
import { createOrdersDecider, type OrdersState } from '@helios/domain-orders';
import { createPortfolioDecider, type PortfolioState } from '@helios/domain-portfolio';
import type { OhlcvSeries } from '@helios/domain-market-data';
import { backtestResult, RunHasher, RunWarnings, type BacktestDeciderConfigs, type BacktestResult, type BacktestSettings, type SeriesCandle } from '@helios/kernel';
import type { ReplayStage } from './replay-stages';

/**
 * What the driver learns from the run's events, in the order the pipeline publishes them: the run
 * hash, the warnings and counts, and the portfolio's and order engine's states folded from their
 * inputs and the outputs their services published (evolve only; the deciding happened in the
 * services). From these the same code as `runBacktest`'s builds the result.
 */
export class RunMirror {
  private readonly hasher = new RunHasher();
  private readonly warnings = new RunWarnings();
  private readonly counts = new Map<string, number>();
  private readonly portfolioDecider;
  private readonly ordersDecider;
  private portfolio: PortfolioState;
  private orders: OrdersState;
  private exposedBars = 0;
  /** Indices of the bars fed, in order. */
  readonly fed: number[] = [];

  constructor(
    private readonly settings: BacktestSettings,
    configs: BacktestDeciderConfigs,
    private readonly closeTimes: Float64Array,
  ) {
    this.portfolioDecider = createPortfolioDecider(configs.portfolio);
    this.ordersDecider = createOrdersDecider(configs.orders);
    this.portfolio = this.portfolioDecider.initialState();
    this.orders = this.ordersDecider.initialState();
    this.hasher.candleSeries(settings.venue, settings.symbol, settings.tf, 'market-data', settings.runId);
  }

  candle(index: number, c: SeriesCandle): void {
    const p = c.payload;
    this.hasher.candle(p.openTime, p.closeTime, p.open, p.high, p.low, p.close, p.volume);
    this.counts.set('md.candle', (this.counts.get('md.candle') ?? 0) + 1);
    this.fed.push(index);
  }

  /** After a bar and everything it caused: was a position open at its close? */
  barDone(): void {
    const position = this.portfolio.strategies.get(this.settings.strategy.id)?.positions.get(this.settings.symbol);
    if (position !== undefined && position.qty !== 0) this.exposedBars++;
  }

  /** A stage's step, as SyncPipeline folds it: the input, then each output. */
  folded(stage: ReplayStage, input: HeliosEvent, outputs: readonly HeliosEvent[]): void {
    if (stage.stage === 'portfolio') {
      let s = this.portfolioDecider.evolve(this.portfolio, input as never);
      for (const o of outputs) s = this.portfolioDecider.evolve(s, o as never);
      this.portfolio = s;
    } else if (stage.stage === 'orders') {
      let s = this.ordersDecider.evolve(this.orders, input as never);
      for (const o of outputs) s = this.ordersDecider.evolve(s, o as never);
      this.orders = s;
    }
  }

  published(e: HeliosEvent): void {
    this.hasher.event(e);
    this.warnings.observe(e);
    this.counts.set(e.type, (this.counts.get(e.type) ?? 0) + 1);
  }

  /** The result over the bars fed (all of them unless the run was sought). */
  result(elapsedMs: number): BacktestResult {
    const all = this.fed.length === this.settings.series.length && this.fed.every((b, i) => b === i);
    const settings = all ? this.settings : { ...this.settings, series: subSeries(this.settings.series, this.fed) };
    const closeTimes = all ? this.closeTimes : Float64Array.from(this.fed, (b) => this.closeTimes[b]);
    return backtestResult({
      settings,
      closeTimes,
      portfolio: this.portfolio,
      orders: this.orders,
      runHash: this.hasher.digest(),
      warnings: this.warnings,
      counts: this.counts,
      exposedBars: this.exposedBars,
      elapsedMs,
    });
  }
}

function subSeries(s: OhlcvSeries, rows: readonly number[]): OhlcvSeries {
  const pick = (col: Float64Array) => Float64Array.from(rows, (r) => col[r]);
  return { ...s, length: rows.length, time: pick(s.time), open: pick(s.open), high: pick(s.high), low: pick(s.low), close: pick(s.close), volume: pick(s.volume) };
}
