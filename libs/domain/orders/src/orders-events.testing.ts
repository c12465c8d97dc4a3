import { createEvent, eventId, validateEvent, type HeliosEvent, type Target } from '@helios/contracts';
import { story } from '@helios/domain-core';
import type { OrdersDecider } from './orders-decider';

/*
 * Valid input events for the order engine's tests, built with the validating `createEvent` and
 * deterministic ids from their content.
 */

export const T0 = 1_704_067_260_000;
export const RUN = 'bt-orders';
export const ACCOUNT = 'paper-1';
const MINUTE = 60_000;

export function candle(symbol: string, close: number, ts = T0): HeliosEvent<'md.candle'> {
  const openTime = ts - MINUTE + 1;
  return createEvent(
    'md.candle',
    { venue: 'binance', symbol, tf: '1m', openTime, closeTime: ts, open: close, high: close, low: close, close, volume: 10, closed: true },
    { id: eventId('binance', symbol, '1m', openTime), ts, src: 'market-data', run: RUN },
  );
}

export function approval(strategyId: string, targets: Target[], ts = T0, key = 0): HeliosEvent<'risk.approved'> {
  return createEvent('risk.approved', { strategyId, targets, limitsVersion: 1 }, { id: eventId('approval', strategyId, ts, key), ts, src: 'risk-gate', run: RUN });
}

export function ack(clientOrderId: string, ts = T0, account = ACCOUNT): HeliosEvent<'order.ack'> {
  return createEvent('order.ack', { account, clientOrderId, exchangeOrderId: `X-${clientOrderId.slice(0, 8)}` }, { id: eventId('ack', clientOrderId), ts, src: 'paper-exchange', run: RUN });
}

export interface FillOptions {
  readonly instrument?: string;
  readonly fee?: number;
  readonly fillId?: string;
  readonly ts?: number;
  readonly account?: string;
}

export function fill(clientOrderId: string, side: 'buy' | 'sell', qty: number, price: number, remainingQty: number, o: FillOptions = {}): HeliosEvent<'order.fill'> {
  const ts = o.ts ?? T0;
  const fillId = o.fillId ?? `F-${clientOrderId.slice(0, 8)}-${qty}-${remainingQty}`;
  return createEvent(
    'order.fill',
    {
      account: o.account ?? ACCOUNT,
      clientOrderId,
      fillId,
      instrument: o.instrument ?? 'BTC-USDT',
      side,
      qty,
      price,
      fee: o.fee ?? 0,
      liquidity: 'taker',
      remainingQty,
    },
    { id: eventId('fill', clientOrderId, fillId, ts), ts, src: 'paper-exchange', run: RUN },
  );
}

export function cancel(clientOrderId: string, ts = T0): HeliosEvent<'order.cancel'> {
  return createEvent('order.cancel', { account: ACCOUNT, clientOrderId, reason: 'expired' }, { id: eventId('cancel', clientOrderId), ts, src: 'paper-exchange', run: RUN });
}

export function reject(clientOrderId: string, ts = T0): HeliosEvent<'order.reject'> {
  return createEvent('order.reject', { account: ACCOUNT, clientOrderId, reason: 'below minimum notional' }, { id: eventId('reject', clientOrderId), ts, src: 'paper-exchange', run: RUN });
}

export function pnlUpdate(strategyId: string, equity: number, position = 0, ts = T0): HeliosEvent<'pnl.update'> {
  return createEvent(
    'pnl.update',
    { strategyId, instrument: 'BTC-USDT', position, avgPrice: 0, realized: 0, unrealized: 0, equity, fees: 0 },
    { id: eventId('pnl', strategyId, ts, equity, position), ts, src: 'portfolio', run: RUN },
  );
}

export function halt(halted: boolean, ts = T0): HeliosEvent<'risk.halt'> {
  return createEvent('risk.halt', { halted, reason: halted ? 'manual stop' : 'resumed', by: 'operator' }, { id: eventId('halt', halted ? 1 : 0, ts), ts, src: 'risk-gate', run: RUN });
}

/** Every produced event must pass the contracts' validation. */
export function expectAllValid(events: readonly unknown[]): void {
  for (const e of events) expect(validateEvent(e)).toEqual([]);
}

/** A running engine for a story: `send` steps one event through decide + evolve and returns its orders. */
export function engine(decider: OrdersDecider) {
  return story(decider, expectAllValid);
}
