import type { FillEffect } from './position-math';

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
  entryNotional: number;
  exitQty: number;
  exitNotional: number;
  gross: number;
  fees: number;
}

const openTrade = (side: 'long' | 'short', ts: number): OpenTrade => ({
  side,
  entryTs: ts,
  entryQty: 0,
  entryNotional: 0,
  exitQty: 0,
  exitNotional: 0,
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
    trade.exitQty += fx.closedQty;
    trade.exitNotional += fx.closedQty * price;
    trade.gross += fx.realized;
    trade.fees += closeFee;
    if (fx.qty === 0 || fx.openedQty > 0) {
      closed.push({
        strategyId: ids.strategyId,
        instrument: ids.instrument,
        side: trade.side,
        qty: trade.entryQty,
        entryTs: trade.entryTs,
        entryPrice: trade.entryNotional / trade.entryQty,
        exitTs: ts,
        exitPrice: trade.exitNotional / trade.exitQty,
        pnl: trade.gross - trade.fees,
        fees: trade.fees,
      });
      trade = undefined;
    }
  }
  if (fx.openedQty > 0) {
    trade ??= openTrade(fx.qty > 0 ? 'long' : 'short', ts);
    trade.entryQty += fx.openedQty;
    trade.entryNotional += fx.openedQty * price;
    trade.fees += fee - closeFee;
  }
  return trade;
}
