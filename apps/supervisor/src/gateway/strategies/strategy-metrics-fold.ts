import type { HeliosEvent } from '@helios/contracts';
import { closedTrades, createPortfolioDecider, type PortfolioInput, type PortfolioState } from '@helios/domain-portfolio';
import { computeMetrics } from '@helios/kernel';
import type { StrategyMetrics } from '../../shared/api';

/** Points of equity kept per strategy: weeks of 1-minute bars; older ones are dropped first. */
export const MAX_SERIES_POINTS = 100_000;

/**
 * The Sharpe ratio shows once the curve covers a day of event time. It is annualised from the bar
 * spacing, so minutes of 1-minute bars gave figures in the hundreds (the demo's cards showed 245
 * and -197 after its first trades): a number, but not a measure of anything yet.
 */
export const MIN_SHARPE_SPAN_MS = 86_400_000;

interface Series {
  time: number[];
  equity: number[];
}

/**
 * A strategy's live metrics from its own events, computed the way a backtest computes them
 * (libs/kernel's `computeMetrics`, ADR 0006): round trips come from folding the live `order.new` /
 * `order.fill` events through the portfolio decider (its `closedTrades`, as in a backtest), the
 * equity curve is the strategy's `pnl.update` series (one point per event time, the last one
 * winning), its bar spacing sets the annualisation of the Sharpe ratio.
 *
 * A strategy gets no `pnl.update` for a bar of an instrument it does not hold (flat, or holding
 * another one), yet a backtest's curve has that bar, at an unchanged equity (the portfolio marks
 * every strategy on every bar). Every marked bar ends with a `pnl.global`, so each one adds the
 * point the strategy's `pnl.update`s did not: without those points the flat stretches' zero returns
 * were missing, and the Sharpe ratio of a mostly flat strategy came out several times too large.
 */
export class StrategyMetricsFold {
  private readonly portfolio = createPortfolioDecider({ recordCurve: false });
  private state: PortfolioState = this.portfolio.initialState();
  private readonly series = new Map<string, Series>();

  apply(event: HeliosEvent): void {
    if (event.type === 'order.new' || event.type === 'order.fill') {
      this.state = this.portfolio.evolve(this.state, event as PortfolioInput);
    } else if (event.type === 'pnl.update') {
      const p = (event as HeliosEvent<'pnl.update'>).payload;
      let s = this.series.get(p.strategyId);
      if (s === undefined) this.series.set(p.strategyId, (s = { time: [], equity: [] }));
      const last = s.time.length - 1;
      if (last >= 0 && event.ts < s.time[last]) return; // an out-of-order point would break the curve's time order
      if (last >= 0 && event.ts === s.time[last]) s.equity[last] = p.equity;
      else push(s, event.ts, p.equity);
    } else if (event.type === 'pnl.global') {
      // The bar's pnl.updates (if any) come before its pnl.global: a strategy with a point at this
      // time already has its value; the others keep theirs.
      for (const s of this.series.values()) {
        const last = s.time.length - 1;
        if (event.ts > s.time[last]) push(s, event.ts, s.equity[last]);
      }
    }
  }

  metricsOf(strategyId: string): StrategyMetrics {
    const pnls = this.state.strategies.has(strategyId) ? closedTrades(this.state, strategyId).map((t) => t.pnl) : [];
    const s = this.series.get(strategyId) ?? { time: [], equity: [] };
    // computeMetrics measures against the curve's first point; without a positive one there is no curve to measure.
    if (s.equity.length === 0 || !(s.equity[0] > 0)) {
      const stats = computeMetrics({ time: [], equity: [], initialEquity: 1, tradePnls: pnls, exposedBars: 0 });
      return { trades: stats.tradeCount, winRate: stats.winRatePct, sharpe: null, maxDrawdownPct: null };
    }
    const m = computeMetrics({ time: s.time, equity: s.equity, initialEquity: s.equity[0], tradePnls: pnls, exposedBars: 0 });
    const span = s.time[s.time.length - 1] - s.time[0];
    return { trades: m.tradeCount, winRate: m.winRatePct, sharpe: span >= MIN_SHARPE_SPAN_MS ? m.sharpe : null, maxDrawdownPct: s.equity.length > 1 ? m.maxDrawdownPct : null };
  }
}

function push(s: Series, ts: number, equity: number): void {
  s.time.push(ts);
  s.equity.push(equity);
  if (s.time.length > MAX_SERIES_POINTS) {
    s.time.splice(0, s.time.length - MAX_SERIES_POINTS);
    s.equity.splice(0, s.equity.length - MAX_SERIES_POINTS);
  }
}
