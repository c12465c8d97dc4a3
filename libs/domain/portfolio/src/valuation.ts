import type { PortfolioState, StrategyBook } from './portfolio-state';

export interface Summary {
  readonly cash: number;
  readonly realized: number;
  readonly fees: number;
  readonly unrealized: number;
  readonly equity: number;
  readonly grossExposure: number;
}

/** A new mark for one instrument, applied to every strategy. */
export interface MarkChange {
  readonly instrument: string;
  readonly price: number;
}

/** One strategy's books after a fill that has not been applied yet. */
export interface PositionChange {
  readonly strategy: StrategyBook;
  readonly instrument: string;
  readonly qty: number;
  readonly avgPrice: number;
  readonly cash: number;
  readonly realized: number;
  readonly fees: number;
}

/** Signed position value; a flat position is worth 0 even before its instrument has a price. */
export const positionValue = (qty: number, price: number): number => (qty === 0 ? 0 : qty * price);
/** `+ 0` turns -0 into 0, so a flat or at-cost position reports 0 rather than -0. */
export const unrealizedPnl = (qty: number, price: number, avgPrice: number): number => (qty === 0 ? 0 : qty * (price - avgPrice) + 0);

/** Cash plus position values at the last marks: the hot path of every bar close. */
export function strategyEquity(book: StrategyBook): number {
  let equity = book.cash;
  for (const p of book.positionList) equity += positionValue(p.qty, p.mark.price);
  return equity;
}

/**
 * A strategy's figures, optionally as they would be after a mark change and/or a pending fill.
 * Sums run in the same order as `strategyEquity`, so a figure announced by `decide` is the figure
 * `evolve` then stores, to the last bit.
 */
export function summarize(book: StrategyBook, mark?: MarkChange, change?: PositionChange): Summary {
  const mine = change !== undefined && change.strategy === book;
  let equity = mine ? change.cash : book.cash;
  let unrealized = 0;
  let grossExposure = 0;
  let seen = false;
  // Each position, then (a fill opening a new one) the changed position: no closure per call, this
  // runs for every fill.
  const positions = book.positionList;
  for (let i = 0; i <= positions.length; i++) {
    let instrument: string;
    let qty: number;
    let avgPrice: number;
    let price: number;
    if (i < positions.length) {
      const p = positions[i];
      instrument = p.instrument;
      price = p.mark.price;
      const changed = mine && instrument === change.instrument;
      if (changed) seen = true;
      qty = changed ? change.qty : p.qty;
      avgPrice = changed ? change.avgPrice : p.avgPrice;
    } else {
      if (!mine || seen) break;
      instrument = change.instrument;
      qty = change.qty;
      avgPrice = change.avgPrice;
      price = NaN;
    }
    const at = mark !== undefined && instrument === mark.instrument ? mark.price : price;
    const value = positionValue(qty, at);
    equity += value;
    unrealized += unrealizedPnl(qty, at, avgPrice);
    grossExposure += Math.abs(value);
  }
  return {
    cash: mine ? change.cash : book.cash,
    realized: mine ? change.realized : book.realized,
    fees: mine ? change.fees : book.fees,
    unrealized,
    equity,
    grossExposure,
  };
}

/** Portfolio-wide figures; `extra` is a strategy a pending fill would create. */
export function portfolioTotals(state: PortfolioState, mark?: MarkChange, change?: PositionChange, extra?: StrategyBook): Summary {
  let cash = 0;
  let realized = 0;
  let fees = 0;
  let unrealized = 0;
  let equity = 0;
  let grossExposure = 0;
  const books = state.strategyList;
  for (let i = 0; i <= books.length; i++) {
    const book = i < books.length ? books[i] : extra;
    if (book === undefined) break;
    const s = summarize(book, mark, change);
    cash += s.cash;
    realized += s.realized;
    fees += s.fees;
    unrealized += s.unrealized;
    equity += s.equity;
    grossExposure += s.grossExposure;
  }
  return { cash, realized, fees, unrealized, equity, grossExposure };
}

export function totalEquityNow(state: PortfolioState): number {
  let total = 0;
  for (const book of state.strategyList) total += strategyEquity(book);
  return total;
}
