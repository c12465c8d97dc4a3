import { createEvent, eventId, validateEvent, type HeliosEvent, type OrderFillPayload } from '@helios/contracts';
import { step, type Decider } from '@helios/domain-core';

/** Test fixtures: 1-minute bars from a fixed instant; a fill carries the time of the bar that caused it. */
export const T0 = 1_704_067_200_000;
export const MINUTE = 60_000;
export const RUN = 'bt-1';
export const closeOf = (bar: number) => T0 + bar * MINUTE + MINUTE - 1;

export function bar(i: number, close: number, symbol = 'BTC-USDT'): HeliosEvent<'md.candle'> {
  const openTime = T0 + i * MINUTE;
  const payload = { venue: 'sim', symbol, tf: '1m', openTime, closeTime: closeOf(i), open: close, high: close, low: close, close, volume: 100, closed: true };
  return createEvent('md.candle', payload, { id: eventId('sim', symbol, '1m', openTime), ts: closeOf(i), src: 'market-data', run: RUN });
}

export function orderFor(strategyId: string, clientOrderId: string, account = 'paper-1', instrument = 'BTC-USDT'): HeliosEvent<'order.new'> {
  return createEvent(
    'order.new',
    { account, clientOrderId, instrument, side: 'buy', type: 'market', qty: 1, strategyId },
    { id: eventId('order', account, clientOrderId), ts: T0, src: 'order-engine', run: RUN },
  );
}

let fills = 0;
export interface FillFields {
  side: 'buy' | 'sell';
  qty: number;
  price: number;
  fee?: number;
  clientOrderId?: string;
  account?: string;
  instrument?: string;
  remainingQty?: number;
}

/** A fill at bar `i` (its event time is that bar's close time, like a fill the bar caused). */
export function fill(i: number, f: FillFields): HeliosEvent<'order.fill'> {
  const n = ++fills;
  const payload: OrderFillPayload = {
    account: f.account ?? 'paper-1',
    clientOrderId: f.clientOrderId ?? 'o1',
    fillId: `F-${n}`,
    instrument: f.instrument ?? 'BTC-USDT',
    side: f.side,
    qty: f.qty,
    price: f.price,
    fee: f.fee ?? 0,
    liquidity: 'taker',
    remainingQty: f.remainingQty ?? 0,
  };
  return createEvent('order.fill', payload, { id: eventId('fill', n), ts: closeOf(i), src: 'paper-exchange', run: RUN });
}

export function expectValid(events: readonly HeliosEvent[]): void {
  for (const e of events) expect({ id: e.id, type: e.type, issues: validateEvent(e) }).toEqual({ id: e.id, type: e.type, issues: [] });
}

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

/** A fill with the `order.new` that tells the portfolio its strategy (one order per fill unless `clientOrderId` is given). */
export function filled(strategyId: string, i: number, f: FillFields): [HeliosEvent<'order.new'>, HeliosEvent<'order.fill'>] {
  const clientOrderId = f.clientOrderId ?? `auto-${fills + 1}`;
  return [orderFor(strategyId, clientOrderId, f.account, f.instrument), fill(i, { ...f, clientOrderId })];
}
