import { addToAverage, type FillEffect } from './position-math';

/** A round trip from flat to flat (a reversal ends one trade and starts the next at the same fill). */
export interface ClosedTrade {
  readonly strategyId: string;
  readonly instrument: string;
  readonly side: 'long' | 'short';
  /** Units entered over the trade (equal to the units exited). */
  readonly qty: number;
  readonly entryTs: number;
  /** Volume-weighted average of the entry fills. */
  readonly entryPrice: number;
  readonly exitTs: number;
  /** Volume-weighted average of the exit fills. */
  readonly exitPrice: number;
  /** Price P&L minus every fee of the trade. */
  readonly pnl: number;
  readonly fees: number;
}

/** The trade of a position that is not flat. Mutable: updated in place by each fill. */
export interface OpenTrade {
  readonly side: 'long' | 'short';
  readonly entryTs: number;
  entryQty: number;
  entryPrice: number;
  exitQty: number;
  exitPrice: number;
  gross: number;
  fees: number;
}

const openTrade = (side: 'long' | 'short', ts: number): OpenTrade => ({
  side,
  entryTs: ts,
  entryQty: 0,
  entryPrice: 0,
  exitQty: 0,
  exitPrice: 0,
  gross: 0,
  fees: 0,
});

/**
 * Books one fill into the open trade of a position: the closing part (with its share of the fee)
 * goes to the current trade, which is finished when the position reaches flat; the opening part
 * (with the rest of the fee) starts or grows the next one. Returns the open trade after the fill
 * and pushes a finished trade to `closed`.
 */
export function bookTrade(
  trade: OpenTrade | undefined,
  fx: FillEffect,
  price: number,
  fee: number,
  ts: number,
  ids: { readonly strategyId: string; readonly instrument: string },
  closed: ClosedTrade[],
): OpenTrade | undefined {
  const closeFee = fx.openedQty === 0 ? fee : (fee * fx.closedQty) / (fx.closedQty + fx.openedQty);
  if (fx.closedQty > 0 && trade !== undefined) {
    trade.exitPrice = addToAverage(trade.exitPrice, trade.exitQty, fx.closedQty, price);
    trade.exitQty += fx.closedQty;
    trade.gross += fx.realized;
    trade.fees += closeFee;
    if (fx.qty === 0 || fx.openedQty > 0) {
      closed.push({
        strategyId: ids.strategyId,
        instrument: ids.instrument,
        side: trade.side,
        qty: trade.entryQty,
        entryTs: trade.entryTs,
        entryPrice: trade.entryPrice,
        exitTs: ts,
        exitPrice: trade.exitPrice,
        pnl: trade.gross - trade.fees,
        fees: trade.fees,
      });
      trade = undefined;
    }
  }
  if (fx.openedQty > 0) {
    trade ??= openTrade(fx.qty > 0 ? 'long' : 'short', ts);
    trade.entryPrice = addToAverage(trade.entryPrice, trade.entryQty, fx.openedQty, price);
    trade.entryQty += fx.openedQty;
    trade.fees += fee - closeFee;
  }
  return trade;
}
