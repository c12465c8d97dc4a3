import { derivedId } from '@helios/contracts';
import { step } from '@helios/domain-core';
import { createOrdersDecider, type OrdersInput, type OrdersOutput } from './orders-decider';
import type { OrdersConfigInput } from './orders-config';
import { ACCOUNT, ack, approval, cancel, candle, fill, halt, pnlUpdate, reject, T0 } from './orders-events.testing';
import type { OrdersState } from './orders-state';
import { ordersFromSnapshot, ordersToSnapshot } from './snapshot';

const M = 60_000;
// Few retained finished orders and anomalies, so the history prunes both.
const config: OrdersConfigInput = { account: ACCOUNT, initialCapital: 10_000, strategies: { s2: { initialCapital: 5_000 } }, defaultLotSize: 0.01, retainTerminalOrders: 2, maxAnomalies: 3 };

const ap1 = approval('s1', [{ instrument: 'BTC-USDT', qty: 5 }], T0, 1);
const ap2 = approval('s2', [{ instrument: 'ETH-USDT', weight: 1 }], T0, 2);
const ap3 = approval('s1', [{ instrument: 'BTC-USDT', qty: 0 }], T0 + M, 3);
const ap4 = approval('s1', [{ instrument: 'BTC-USDT', qty: 0 }], T0 + 2 * M, 4);
const ap5 = approval('s1', [{ instrument: 'BTC-USDT', qty: -2 }], T0 + 3 * M, 5);
const ap6 = approval('s2', [{ instrument: 'ETH-USDT', qty: 0 }], T0 + 4 * M, 6);
const ap7 = approval('s2', [{ instrument: 'ETH-USDT', weight: 0.5 }], T0 + 5 * M, 7);
// The engine's client order ids are derived from the approvals, so the venue's replies can be written down in advance.
const [A, B, C, D, E, F] = [ap1, ap2, ap3, ap5, ap6, ap7].map((ap) => derivedId(ap.id, 'order.new', 0));
const eth = { instrument: 'ETH-USDT' };

/**
 * Two strategies, unit- and quote-sized orders, acks, partial fills, a duplicate fill, a reject, a
 * cancel after a partial fill, a fill for an unknown order and a late one for a pruned order, a halt
 * that drops an approval, and cash re-anchored by the portfolio when flat.
 */
const history: OrdersInput[] = [
  candle('BTC-USDT', 100),
  candle('ETH-USDT', 50),
  ap1,
  ack(A),
  fill(A, 'buy', 2, 100, 3),
  ap2,
  fill(A, 'buy', 3, 101, 0, { ts: T0 + 1, fillId: 'FA-2' }),
  fill(A, 'buy', 3, 101, 0, { ts: T0 + 2, fillId: 'FA-2' }),
  ack(B),
  fill(B, 'buy', 40, 50, 60, eth),
  candle('BTC-USDT', 110, T0 + M),
  ap3,
  reject(C, T0 + M),
  fill('nobody', 'buy', 1, 110, 0, { ts: T0 + M }),
  halt(true, T0 + 2 * M),
  ap4,
  halt(false, T0 + 3 * M),
  cancel(B, T0 + 3 * M),
  ap5,
  ack(D, T0 + 3 * M),
  fill(D, 'sell', 7, 108, 0, { ts: T0 + 3 * M }),
  fill(A, 'buy', 1, 100, 0, { ts: T0 + 3 * M, fillId: 'FA-late' }),
  ap6,
  fill(E, 'sell', 40, 52, 0, { ...eth, ts: T0 + 4 * M }),
  pnlUpdate('s2', 5_080, 0, T0 + 4 * M),
  candle('ETH-USDT', 52, T0 + 5 * M),
  ap7,
];

function play(state: OrdersState, events: readonly OrdersInput[]): { outputs: OrdersOutput[]; state: OrdersState } {
  const decider = createOrdersDecider(config);
  const outputs: OrdersOutput[] = [];
  for (const e of events) {
    const r = step(decider, state, e);
    state = r.state;
    outputs.push(...r.outputs);
  }
  return { outputs, state };
}

const roundTrip = (state: OrdersState): OrdersState => ordersFromSnapshot(JSON.parse(JSON.stringify(ordersToSnapshot(state))));

describe('orders snapshot hooks', () => {
  const whole = play(createOrdersDecider(config).initialState(), history);

  it('the history is a real one: six orders, finished ones pruned, anomalies bounded', () => {
    expect(whole.outputs.map((o) => [o.payload.clientOrderId, o.payload.side, o.payload.qty ?? `quote ${o.payload.quoteQty}`])).toEqual([
      [A, 'buy', 5],
      [B, 'buy', 'quote 5000'],
      [C, 'sell', 5],
      [D, 'sell', 7],
      [E, 'sell', 40],
      [F, 'buy', 'quote 2540'],
    ]);
    expect([...whole.state.orders.keys()]).toEqual([D, E, F]);
    expect(whole.state.terminal.slice(whole.state.terminalHead)).toEqual([D, E]);
    expect(whole.state.anomalies.map((a) => a.kind)).toEqual(['unknownOrder', 'approvalWhileHalted', 'unknownOrder']);
    expect(whole.state.anomalyCount).toBe(4);
    expect(Number.isNaN(whole.state.orders.get(F)?.remainingQty)).toBe(true);
  });

  it.each(history.map((_, cut) => cut).concat(history.length))(
    'given the state after %i events saved as JSON and restored, when the rest arrive, then outputs and final state are those of the uninterrupted run',
    (cut) => {
      const head = play(createOrdersDecider(config).initialState(), history.slice(0, cut));
      const tail = play(roundTrip(head.state), history.slice(cut));
      expect(JSON.stringify([...head.outputs, ...tail.outputs])).toBe(JSON.stringify(whole.outputs));
      expect([...head.outputs, ...tail.outputs]).toEqual(whole.outputs);
      expect(ordersToSnapshot(tail.state)).toEqual(ordersToSnapshot(whole.state));
      expect(JSON.stringify(tail.state.anomalies)).toBe(JSON.stringify(whole.state.anomalies));
    },
  );

  it('keeps absent sizes, NaN, -0 and the infinities exactly through JSON', () => {
    const state = play(createOrdersDecider(config).initialState(), history.slice(0, 6)).state;
    const book = state.books.get('s1');
    if (book === undefined) throw new Error('no book for s1');
    book.cash = -0;
    state.marks.set('SOL-USDT', { price: Infinity, ts: -Infinity });
    const restored = roundTrip(state);
    const b = restored.orders.get(B);
    expect([b?.qty, b?.quoteQty, b?.exchangeOrderId, b?.remainingQty, restored.orders.get(A)?.exchangeOrderId]).toEqual([undefined, 5_000, undefined, NaN, `X-${A.slice(0, 8)}`]);
    expect(Object.is(restored.books.get('s1')?.cash, -0)).toBe(true);
    expect(restored.marks.get('SOL-USDT')).toEqual({ price: Infinity, ts: -Infinity });
  });
});

describe('orders snapshot: malformed input is refused, naming the field', () => {
  const good = () => JSON.parse(JSON.stringify(ordersToSnapshot(play(createOrdersDecider(config).initialState(), history).state)));

  it.each<[string, (json: ReturnType<typeof good>) => unknown, string | RegExp]>([
    ['not an object', () => 'orders', 'orders snapshot must be an object, got "orders"'],
    ['an unknown order status', (j) => (j.orders[1].status = 'done', j), 'orders snapshot: orders[1].status must be one of "new", "acknowledged", "partiallyFilled", "filled", "cancelled", "rejected", got "done"'],
    ['an order with neither size', (j) => (j.orders[0].qty = null, j), 'orders snapshot: orders[0].qty must be a number when quoteQty is null, got null'],
    ['a fill id that is no string', (j) => (j.orders[0].fillIds[0] = 7, j), 'orders snapshot: orders[0].fillIds[0] must be a string, got 7'],
    ['an order listed twice', (j) => (j.orders.push(j.orders[0]), j), `orders snapshot: orders[3].clientOrderId must be unique (it is listed before), got "${D}"`],
    ['a fractional working count', (j) => (j.books[0].slots[0].workingOrders = 0.5, j), 'orders snapshot: books[0].slots[0].workingOrders must be a whole number >= 0, got 0.5'],
    ['an unknown anomaly kind', (j) => (j.anomalies[2].kind = 'oops', j), /^orders snapshot: anomalies\[2\]\.kind must be one of "unknownOrder", .*, got "oops"$/],
    ['no halt flag', (j) => (delete j.halted, j), 'orders snapshot: halted must be true or false, got nothing'],
  ])('%s', (_what, mutate, message) => {
    expect(() => ordersFromSnapshot(mutate(good()))).toThrow(typeof message === 'string' ? new Error(message) : message);
  });
});
