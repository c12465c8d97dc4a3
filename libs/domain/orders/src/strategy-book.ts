import { initialCapitalOf, type OrdersConfig } from './orders-config';
import type { OrdersState, PositionSlot, StrategyBook } from './orders-state';

export function bookFor(config: OrdersConfig, state: OrdersState, strategyId: string): StrategyBook {
  let book = state.books.get(strategyId);
  if (!book) {
    book = { strategyId, cash: initialCapitalOf(config, strategyId), slots: new Map(), workingOrders: 0, lastFillTs: -1 };
    state.books.set(strategyId, book);
  }
  return book;
}

export function slotFor(book: StrategyBook, instrument: string): PositionSlot {
  let slot = book.slots.get(instrument);
  if (!slot) {
    slot = { position: 0, workingUnits: 0, workingQuote: 0, workingOrders: 0 };
    book.slots.set(instrument, slot);
  }
  return slot;
}

/** No position anywhere and nothing working: the strategy's equity is its cash. */
export function isFlat(book: StrategyBook): boolean {
  if (book.workingOrders > 0) return false;
  for (const slot of book.slots.values()) if (slot.position !== 0) return false;
  return true;
}

/**
 * Equity the engine sizes weight targets with: cash plus every position at the last mark. NaN when
 * the cash is unknown (no initial capital configured and never anchored) or a held instrument has
 * no mark.
 *
 * Why not simply the latest `pnl.update.equity`: the portfolio may publish only on fills (backtests),
 * so that equity can be a bar or more old while the positions it values moved. The engine keeps the
 * same cash arithmetic as the portfolio from the same fills and values it at the current mark, and
 * takes the portfolio's number verbatim whenever both agree the strategy is flat (see
 * `anchorCash`), which keeps "from flat, quoteQty = the strategy's cash" exact.
 */
export function strategyEquity(config: OrdersConfig, state: OrdersState, strategyId: string): number {
  const book = state.books.get(strategyId);
  if (!book) return initialCapitalOf(config, strategyId);
  let equity = book.cash;
  for (const [instrument, slot] of book.slots) {
    if (slot.position === 0) continue;
    const mark = state.marks.get(instrument);
    if (!mark) return NaN;
    equity += slot.position * mark.price;
  }
  return equity;
}

// Float sums of fills leave dust like 5.5e-17 where a position is flat; dust is not a position.
const DUST = 1e-12;
export function withoutDust(x: number): number {
  return Math.abs(x) < DUST ? 0 : x;
}
