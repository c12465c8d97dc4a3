import { createEvent, eventId, validateEvent, type HeliosEvent, type Target } from '@helios/contracts';
import { story } from '@helios/domain-core';
import type { RiskDecider } from './risk-decider';

/*
 * Valid input events for the risk decider's tests, built with the validating `createEvent` and
 * deterministic ids from their content, so a test reads as a story of prices, fills and intents.
 */

/** 2024-01-01T00:01:00Z, the close of the first one-minute bar of the year. */
export const T0 = 1_704_067_260_000;
export const RUN = 'bt-risk';
const MINUTE = 60_000;

export function candle(symbol: string, close: number, ts = T0): HeliosEvent<'md.candle'> {
  const openTime = ts - MINUTE + 1;
  return createEvent(
    'md.candle',
    { venue: 'binance', symbol, tf: '1m', openTime, closeTime: ts, open: close, high: close, low: close, close, volume: 10, closed: true },
    { id: eventId('binance', symbol, '1m', openTime), ts, src: 'market-data', run: RUN },
  );
}

export function tick(symbol: string, price: number, ts: number): HeliosEvent<'md.tick'> {
  return createEvent('md.tick', { venue: 'binance', symbol, price, size: 1 }, { id: eventId('tick', symbol, ts, price), ts, src: 'market-data', run: RUN });
}

export function intent(strategyId: string, targets: Target[], ts = T0, key = 0): HeliosEvent<'strategy.intent'> {
  return createEvent(
    'strategy.intent',
    { strategyId, targets, barTime: ts - MINUTE + 1 },
    { id: eventId('intent', strategyId, ts, key), ts, src: 'strategy-runner', run: RUN },
  );
}

export function orderNew(clientOrderId: string, strategyId: string, instrument: string, side: 'buy' | 'sell', qty: number, ts = T0): HeliosEvent<'order.new'> {
  return createEvent(
    'order.new',
    { account: 'paper-1', clientOrderId, instrument, side, type: 'market', qty, strategyId },
    { id: eventId('order', clientOrderId), ts, src: 'order-engine', run: RUN },
  );
}

export function fill(
  clientOrderId: string,
  instrument: string,
  side: 'buy' | 'sell',
  qty: number,
  price: number,
  remainingQty = 0,
  ts = T0,
): HeliosEvent<'order.fill'> {
  return createEvent(
    'order.fill',
    { account: 'paper-1', clientOrderId, fillId: `${clientOrderId}-${ts}-${qty}`, instrument, side, qty, price, fee: 0, liquidity: 'taker', remainingQty },
    { id: eventId('fill', clientOrderId, ts, qty), ts, src: 'paper-exchange', run: RUN },
  );
}

export function orderCancel(clientOrderId: string, ts = T0): HeliosEvent<'order.cancel'> {
  return createEvent('order.cancel', { account: 'paper-1', clientOrderId }, { id: eventId('cancel', clientOrderId), ts, src: 'paper-exchange', run: RUN });
}

export function orderReject(clientOrderId: string, reason: string, ts = T0): HeliosEvent<'order.reject'> {
  return createEvent('order.reject', { account: 'paper-1', clientOrderId, reason }, { id: eventId('reject', clientOrderId), ts, src: 'paper-exchange', run: RUN });
}

export function pnlUpdate(strategyId: string, equity: number, ts = T0): HeliosEvent<'pnl.update'> {
  return createEvent(
    'pnl.update',
    { strategyId, position: 0, avgPrice: 0, realized: 0, unrealized: 0, equity, fees: 0 },
    { id: eventId('pnl', strategyId, ts, equity), ts, src: 'portfolio', run: RUN },
  );
}

export function pnlGlobal(equity: number, ts = T0): HeliosEvent<'pnl.global'> {
  return createEvent(
    'pnl.global',
    { realized: 0, unrealized: 0, equity, cash: equity, grossExposure: 0, drawdownPct: 0 },
    { id: eventId('pnl-global', ts, equity), ts, src: 'portfolio', run: RUN },
  );
}

export function halt(halted: boolean, ts = T0): HeliosEvent<'risk.halt'> {
  return createEvent(
    'risk.halt',
    { halted, reason: halted ? 'manual stop' : 'resumed', by: 'operator' },
    { id: eventId('halt', halted ? 1 : 0, ts), ts, src: 'risk-gate', run: RUN },
  );
}

/** Every produced event must pass the contracts' validation. */
export function expectAllValid(events: readonly unknown[]): void {
  for (const e of events) expect(validateEvent(e)).toEqual([]);
}

/** A past decision of the gate: `given` folds events with evolve only, so history holds outputs, not intents. */
export function approval(strategyId: string, targets: Target[], ts = T0, key = 0): HeliosEvent<'risk.approved'> {
  return createEvent(
    'risk.approved',
    { strategyId, targets, limitsVersion: 3 },
    { id: eventId('approval', strategyId, ts, key), ts, src: 'risk-gate', run: RUN },
  );
}

/** A running gate for a story: `send` steps each event through decide + evolve and returns its decisions. */
export function gate(decider: RiskDecider) {
  return story(decider, expectAllValid);
}
