// Events the paper-trading tests feed: 1-minute BTC-USDT bars and orders of account `paper`.
import { createEvent, eventId, subjects, type HeliosEvent, type OrderNewPayload } from '@helios/contracts';

export const T0 = 1_704_067_200_000;
export const MINUTE = 60_000;
export const SYMBOL = 'BTC-USDT';
export const ACCOUNT = 'paper';
export const openTime = (bar: number) => T0 + bar * MINUTE;
/** A bar's event time is its close; an order decided on that bar carries the same time. */
export const closeOf = (bar: number) => openTime(bar) + MINUTE - 1;

export function bar(i: number, open: number, close: number, volume = 1_000): HeliosEvent<'md.candle'> {
  return createEvent(
    'md.candle',
    { venue: 'paper', symbol: SYMBOL, tf: '1m', openTime: openTime(i), closeTime: closeOf(i), open, high: Math.max(open, close) + 5, low: Math.min(open, close) - 5, close, volume, closed: true },
    { id: eventId('paper', SYMBOL, '1m', openTime(i)), ts: closeOf(i), src: 'market-data', run: 'paper' },
  );
}

type Sizing = { type: 'market'; qty: number } | { type: 'market'; quoteQty: number } | { type: 'limit'; qty: number; limitPrice: number };

/** An order decided at the close of bar `afterBar`. */
export function order(afterBar: number, clientOrderId: string, side: 'buy' | 'sell', sizing: Sizing, strategyId = 'sma-cross'): HeliosEvent<'order.new'> {
  const payload = { account: ACCOUNT, clientOrderId, instrument: SYMBOL, side, strategyId, ...sizing } as OrderNewPayload;
  return createEvent('order.new', payload, { id: eventId('order', clientOrderId), ts: closeOf(afterBar), src: 'order-engine', run: 'paper' });
}

export function subjectOf(e: HeliosEvent): string {
  if (e.type === 'md.candle') return subjects.candle(e.payload.venue, e.payload.symbol, e.payload.tf);
  if (e.type === 'order.new') return subjects.order('new', e.payload.account);
  throw new Error(`subjectOf: no test subject for ${e.type}`);
}

/**
 * A short session: a market buy in units, a quote-sized buy, a resting limit sell that fills later,
 * a market sell closing part of the position, and an order the venue rejects (below one lot).
 */
export function session(): HeliosEvent[] {
  return [
    bar(0, 40_000, 40_100),
    order(0, 'o-1', 'buy', { type: 'market', qty: 0.05 }),
    bar(1, 40_120, 40_300),
    order(1, 'o-2', 'buy', { type: 'market', quoteQty: 1_000 }, 'mean-reversion'),
    order(1, 'o-3', 'sell', { type: 'limit', qty: 0.02, limitPrice: 40_600 }),
    bar(2, 40_310, 40_500),
    bar(3, 40_520, 40_700),
    order(3, 'o-4', 'sell', { type: 'market', qty: 0.01 }),
    order(3, 'o-5', 'buy', { type: 'market', qty: 0.000001 }),
    bar(4, 40_650, 40_400),
    bar(5, 40_380, 40_450),
  ];
}
