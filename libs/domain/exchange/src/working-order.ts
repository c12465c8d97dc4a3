import type { OrderNewPayload } from '@helios/contracts';
import type { ResolvedInstrument } from './exchange-config';

export type TimeInForce = 'GTC' | 'IOC' | 'FOK';

/**
 * An order the venue accepted and has not finished. Mutable: the decider's `evolve` updates it in
 * place as fills arrive (see `ExchangeState`).
 */
export interface WorkingOrder {
  readonly key: string;
  readonly account: string;
  readonly clientOrderId: string;
  exchangeOrderId: string;
  /** Copied onto every fill, so P&L is attributed without looking the order up. */
  readonly strategyId: string | undefined;
  readonly instrument: string;
  readonly side: 'buy' | 'sell';
  readonly type: 'market' | 'limit';
  /** NaN for market orders. */
  readonly limitPrice: number;
  readonly timeInForce: TimeInForce;
  /** Event time from which the order may fill (order time + latency). */
  readonly eligibleAt: number;
  /** True when the order was sized in quote currency: its size is known only at execution. */
  readonly byQuote: boolean;
  /** Lots still to fill (orders sized in units). */
  remainingLots: number;
  /** Quote currency still to spend or receive (orders sized in quote currency). */
  remainingQuote: number;
  filledLots: number;
  fills: number;
  readonly rules: ResolvedInstrument;
}

/** The working-order key: ids never contain `/`, so account and client id cannot run into each other. */
export const orderKey = (account: string, clientOrderId: string): string => `${account}/${clientOrderId}`;

/** Cost of one unit to the order: a quote-sized buy must also pay the taker fee from its amount. */
export function unitCost(side: 'buy' | 'sell', price: number, takerFee: number): number {
  return side === 'buy' ? price * (1 + takerFee) : price;
}

/** The price a market order trades at when the reference price is `price`: slippage is against the taker. */
export function takerPrice(side: 'buy' | 'sell', price: number, slippage: number): number {
  return side === 'buy' ? price * (1 + slippage) : price * (1 - slippage);
}

export function newWorkingOrder(
  p: OrderNewPayload,
  rules: ResolvedInstrument,
  lots: number,
  eligibleAt: number,
  exchangeOrderId: string,
): WorkingOrder {
  return {
    key: orderKey(p.account, p.clientOrderId),
    account: p.account,
    clientOrderId: p.clientOrderId,
    exchangeOrderId,
    strategyId: p.strategyId,
    instrument: p.instrument,
    side: p.side,
    type: p.type,
    limitPrice: p.type === 'limit' ? p.limitPrice : NaN,
    timeInForce: p.timeInForce ?? 'GTC',
    eligibleAt,
    byQuote: p.quoteQty !== undefined,
    remainingLots: lots,
    remainingQuote: p.quoteQty ?? NaN,
    filledLots: 0,
    fills: 0,
    rules,
  };
}
