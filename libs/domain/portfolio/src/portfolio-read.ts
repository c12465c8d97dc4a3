import type { EquityCurve } from './equity-curve';
import type { PortfolioState, StrategyBook } from './portfolio-state';
import type { ClosedTrade } from './trades';
import { portfolioTotals, strategyEquity, summarize, totalEquityNow, unrealizedPnl, type Summary } from './valuation';

/**
 * Pure read helpers for the backtest driver and status pages. They never change the state. Trade
 * lists are the state's own arrays (read-only); curves are copied out, O(bars), so read them once
 * at the end of a run rather than per bar.
 */

function book(state: PortfolioState, strategyId: string): StrategyBook {
  const found = state.strategies.get(strategyId);
  if (found === undefined) {
    throw new Error(`portfolio: unknown strategy ${JSON.stringify(strategyId)} (known: ${[...state.strategies.keys()].join(', ') || 'none'})`);
  }
  return found;
}

/** Current equity of one strategy (cash + positions at the last marks). */
export function equityOf(state: PortfolioState, strategyId: string): number {
  return strategyEquity(book(state, strategyId));
}

/** Current equity of all strategies together. */
export function totalEquity(state: PortfolioState): number {
  return totalEquityNow(state);
}

/** Cash, realized (gross), fees, unrealized, equity and gross exposure of one strategy, or of all. */
export function summaryOf(state: PortfolioState, strategyId?: string): Summary {
  return strategyId === undefined ? portfolioTotals(state) : summarize(book(state, strategyId));
}

/** Finished round trips of one strategy in the order they closed, or of every strategy (strategy by strategy). */
export function closedTrades(state: PortfolioState, strategyId?: string): readonly ClosedTrade[] {
  if (strategyId !== undefined) return book(state, strategyId).trades;
  return state.strategyList.flatMap((s) => s.trades);
}

export interface OpenPosition {
  readonly strategyId: string;
  readonly instrument: string;
  /** Signed units. */
  readonly qty: number;
  readonly avgPrice: number;
  readonly mark: number;
  readonly unrealized: number;
  /** When the current trade began (the fill that left flat). */
  readonly entryTs: number;
  /** Fees paid so far in the current trade. */
  readonly fees: number;
}

/** Positions that are not flat, of one strategy or of all. */
export function openPositions(state: PortfolioState, strategyId?: string): OpenPosition[] {
  const books = strategyId === undefined ? state.strategyList : [book(state, strategyId)];
  const open: OpenPosition[] = [];
  for (const b of books) {
    for (const p of b.positionList) {
      if (p.qty === 0) continue;
      open.push({
        strategyId: b.id,
        instrument: p.instrument,
        qty: p.qty,
        avgPrice: p.avgPrice,
        mark: p.mark.price,
        unrealized: unrealizedPnl(p.qty, p.mark.price, p.avgPrice),
        entryTs: p.trade?.entryTs ?? NaN,
        fees: p.trade?.fees ?? 0,
      });
    }
  }
  return open;
}

export interface EquityCurveView {
  /** Bar close times and the equity at each (empty when the curve is not recorded); copies. */
  readonly ts: Float64Array;
  readonly equity: Float64Array;
  readonly peak: number;
  /** Drawdown of the last bar close from the running peak, in percent, <= 0. */
  readonly drawdownPct: number;
  /** Deepest bar-close drawdown so far, in percent, <= 0. */
  readonly maxDrawdownPct: number;
}

const view = (c: EquityCurve): EquityCurveView => ({ ts: c.ts.toFloat64Array(), equity: c.equity.toFloat64Array(), peak: c.peak, drawdownPct: c.drawdownPct, maxDrawdownPct: c.maxDrawdownPct });

/** Bar-close equity curve and drawdown of one strategy, or of the whole portfolio. */
export function equityCurve(state: PortfolioState, strategyId?: string): EquityCurveView {
  return view(strategyId === undefined ? state.curve : book(state, strategyId).curve);
}
