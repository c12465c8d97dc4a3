import { createEvent, eventId, validateEvent, type EventPayloads, type EventType, type HeliosEvent, type OrderNewPayload } from '@helios/contracts';
import { step, type Decider } from '@helios/domain-core';

/** Test fixtures: 1-minute bars from a fixed instant, orders sent at a bar's close (as the pipeline does). */
export const T0 = 1_704_067_200_000;
export const MINUTE = 60_000;
export const RUN = 'bt-1';
export const openTime = (bar: number) => T0 + bar * MINUTE;
/** A bar's event time is its close time; an order decided on that bar carries the same time. */
export const closeOf = (bar: number) => openTime(bar) + MINUTE - 1;

export interface Bar {
  open: number;
  high: number;
  low: number;
  close: number;
  volume?: number;
}

export function candle(bar: number, b: Bar, symbol = 'BTC-USDT', tf = '1m'): HeliosEvent<'md.candle'> {
  const payload = { venue: 'sim', symbol, tf, openTime: openTime(bar), closeTime: closeOf(bar), ...b, volume: b.volume ?? 1_000_000, closed: true };
  return createEvent('md.candle', payload, { id: eventId('sim', symbol, tf, openTime(bar)), ts: closeOf(bar), src: 'market-data', run: RUN });
}

/** A flat bar: open, high, low and close all at `price`. */
export const flat = (bar: number, price: number, volume?: number) => candle(bar, { open: price, high: price, low: price, close: price, volume });

export function tick(ts: number, price: number, size = 1_000, symbol = 'BTC-USDT'): HeliosEvent<'md.tick'> {
  return createEvent('md.tick', { venue: 'sim', symbol, price, size }, { id: eventId('sim', symbol, 'tick', ts), ts, src: 'market-data', run: RUN });
}

type OrderFields = Partial<Omit<OrderNewPayload, 'type' | 'qty' | 'quoteQty' | 'limitPrice'>> &
  ({ type: 'market'; qty: number } | { type: 'market'; quoteQty: number } | { type: 'limit'; qty: number; limitPrice: number });

export function orderNew(ts: number, clientOrderId: string, fields: OrderFields): HeliosEvent<'order.new'> {
  const payload = { account: 'paper-1', clientOrderId, instrument: 'BTC-USDT', side: 'buy', ...fields } as OrderNewPayload;
  return createEvent('order.new', payload, { id: eventId('order', clientOrderId), ts, src: 'order-engine', run: RUN });
}

/** Every event a decider produced must pass the contracts. */
export function expectValid(events: readonly HeliosEvent[]): void {
  for (const e of events) expect({ id: e.id, type: e.type, issues: validateEvent(e) }).toEqual({ id: e.id, type: e.type, issues: [] });
}

export function payloads<T extends EventType>(events: readonly HeliosEvent[], type: T): EventPayloads[T][] {
  return events.filter((e) => e.type === type).map((e) => e.payload as EventPayloads[T]);
}

/** Runs inputs through a decider one `step` at a time: every output in order, and the final state. */
export function run<S, I extends HeliosEvent, O extends HeliosEvent>(
  decider: Decider<S, I, O>,
  inputs: readonly I[],
  state: S = decider.initialState(),
): { outputs: O[]; state: S } {
  const outputs: O[] = [];
  for (const input of inputs) {
    const result = step(decider, state, input);
    state = result.state;
    outputs.push(...result.outputs);
  }
  return { outputs, state };
}
