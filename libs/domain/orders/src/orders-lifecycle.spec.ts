import { givenWhenThen } from '@helios/domain-core';
import { createOrdersDecider } from './orders-decider';
import { strategyPosition, workingOrders } from './order-queries';
import { ACCOUNT, ack, approval, cancel, candle, engine, fill, reject, T0 } from './orders-events.testing';

const config = { account: ACCOUNT, initialCapital: 10_000, defaultLotSize: 1 };

/** An engine with one working market buy of 5 BTC for s1. */
function withWorkingBuy() {
  const e = engine(createOrdersDecider(config));
  const [order] = e.send(candle('BTC-USDT', 100), approval('s1', [{ instrument: 'BTC-USDT', qty: 5 }], T0, 1));
  return { e, id: order.payload.clientOrderId };
}

const slot = (e: ReturnType<typeof engine>) => e.state.books.get('s1')?.slots.get('BTC-USDT');

describe('orders: lifecycle', () => {
  it('new -> acknowledged -> partially filled -> filled, with position and working quantity at each step', () => {
    const { e, id } = withWorkingBuy();
    const order = () => e.state.orders.get(id);
    expect(order()).toMatchObject({ status: 'new', strategyId: 's1', side: 'buy', qty: 5, remainingQty: 5, filledQty: 0 });
    expect(slot(e)).toEqual({ position: 0, workingUnits: 5, workingQuote: 0, workingOrders: 1 });

    e.send(ack(id));
    expect(order()).toMatchObject({ status: 'acknowledged', exchangeOrderId: `X-${id.slice(0, 8)}` });

    e.send(fill(id, 'buy', 2, 100, 3));
    expect(order()).toMatchObject({ status: 'partiallyFilled', filledQty: 2, remainingQty: 3 });
    expect(slot(e)).toEqual({ position: 2, workingUnits: 3, workingQuote: 0, workingOrders: 1 });

    e.send(fill(id, 'buy', 3, 101, 0, { ts: T0 + 1 }));
    expect(order()).toMatchObject({ status: 'filled', filledQty: 5, remainingQty: 0 });
    expect(slot(e)).toEqual({ position: 5, workingUnits: 0, workingQuote: 0, workingOrders: 0 });
    expect(e.state.books.get('s1')?.cash).toBe(10_000 - 200 - 303);
    expect(workingOrders(e.state)).toEqual([]);
    expect(e.state.anomalies).toEqual([]);
  });

  it('a quote-sized buy is counted in quote currency until its first fill tells its size in units', () => {
    const e = engine(createOrdersDecider(config));
    const [order] = e.send(candle('BTC-USDT', 100), approval('s1', [{ instrument: 'BTC-USDT', weight: 1 }]));
    const id = order.payload.clientOrderId;
    expect(slot(e)).toEqual({ position: 0, workingUnits: 0, workingQuote: 10_000, workingOrders: 1 });
    e.send(fill(id, 'buy', 40, 100, 59));
    expect(e.state.orders.get(id)).toMatchObject({ status: 'partiallyFilled', remainingQty: 59, remainingQuote: 0 });
    expect(slot(e)).toEqual({ position: 40, workingUnits: 59, workingQuote: 0, workingOrders: 1 });
  });

  it('a second approval while the first order is working sends no duplicate', () => {
    const { e } = withWorkingBuy();
    expect(e.send(approval('s1', [{ instrument: 'BTC-USDT', qty: 5 }], T0, 2))).toEqual([]);
    const quote = engine(createOrdersDecider(config));
    quote.send(candle('BTC-USDT', 100), approval('s1', [{ instrument: 'BTC-USDT', weight: 1 }], T0, 1));
    expect(quote.send(candle('BTC-USDT', 120, T0 + 60_000), approval('s1', [{ instrument: 'BTC-USDT', weight: 1 }], T0 + 60_000, 2))).toEqual([]);
    expect(workingOrders(quote.state)).toHaveLength(1);
  });

  it('a changed target while an order works sends only the difference', () => {
    const { e } = withWorkingBuy();
    const [more] = e.send(approval('s1', [{ instrument: 'BTC-USDT', qty: 7 }], T0, 2));
    expect(more.payload).toMatchObject({ side: 'buy', qty: 2 });
    const [less] = e.send(approval('s1', [{ instrument: 'BTC-USDT', qty: 4 }], T0, 3));
    expect(less.payload).toMatchObject({ side: 'sell', qty: 3 });
  });

  it.each([
    ['cancel', cancel, 'cancelled'],
    ['reject', reject, 'rejected'],
  ] as const)('%s frees the working quantity, so the next approval sends again', (_name, end, status) => {
    const { e, id } = withWorkingBuy();
    e.send(fill(id, 'buy', 2, 100, 3), end(id));
    expect(e.state.orders.get(id)?.status).toBe(status);
    expect(slot(e)).toEqual({ position: 2, workingUnits: 0, workingQuote: 0, workingOrders: 0 });
    const [again] = e.send(approval('s1', [{ instrument: 'BTC-USDT', qty: 5 }], T0, 2));
    expect(again.payload).toMatchObject({ side: 'buy', qty: 3 });
  });

  it('working quantities return to exactly zero when nothing is working (no float dust)', () => {
    const e = engine(createOrdersDecider({ ...config, defaultLotSize: 0.1 }));
    const [first] = e.send(candle('BTC-USDT', 100), approval('s1', [{ instrument: 'BTC-USDT', qty: 0.1 }], T0, 1));
    const [second] = e.send(approval('s1', [{ instrument: 'BTC-USDT', qty: 0.3 }], T0, 2));
    expect(second.payload.qty).toBe(0.2);
    expect(slot(e)?.workingUnits).toBe(0.1 + 0.2);
    e.send(cancel(first.payload.clientOrderId), cancel(second.payload.clientOrderId));
    expect(slot(e)).toEqual({ position: 0, workingUnits: 0, workingQuote: 0, workingOrders: 0 });
  });

  it('a reject of a quote-sized buy frees its quote amount', () => {
    const e = engine(createOrdersDecider(config));
    const [order] = e.send(candle('BTC-USDT', 100), approval('s1', [{ instrument: 'BTC-USDT', weight: 1 }], T0, 1));
    e.send(reject(order.payload.clientOrderId));
    expect(slot(e)).toEqual({ position: 0, workingUnits: 0, workingQuote: 0, workingOrders: 0 });
    expect(e.send(approval('s1', [{ instrument: 'BTC-USDT', weight: 1 }], T0, 2))).toHaveLength(1);
  });
});

describe('orders: anomalies are recorded, never thrown', () => {
  it('a fill for an unknown order changes nothing but the anomaly log', () => {
    givenWhenThen(createOrdersDecider(config))
      .given(candle('BTC-USDT', 100))
      .when(fill('ghost', 'buy', 1, 100, 0))
      .then((outputs, state) => {
        expect(outputs).toEqual([]);
        expect(state.books.size).toBe(0);
        expect(state.anomalies).toEqual([{ kind: 'unknownOrder', eventId: fill('ghost', 'buy', 1, 100, 0).id, ts: T0, clientOrderId: 'ghost', message: 'fill for unknown order ghost' }]);
        expect(state.anomalyCount).toBe(1);
      });
  });

  it('a fill after the order is filled is an anomaly, and still moves the position (it is real money)', () => {
    const { e, id } = withWorkingBuy();
    e.send(fill(id, 'buy', 5, 100, 0), fill(id, 'buy', 1, 100, 0, { fillId: 'late' }));
    expect(e.state.orders.get(id)?.status).toBe('filled');
    expect(strategyPosition(e.state, 's1', 'BTC-USDT')).toBe(6);
    expect(e.state.anomalies.map((a) => a.kind)).toEqual(['fillAfterFilled']);
  });

  it('a redelivered fill (same fillId) is applied once', () => {
    const { e, id } = withWorkingBuy();
    e.send(fill(id, 'buy', 2, 100, 3), fill(id, 'buy', 2, 100, 3, { ts: T0 + 5 }));
    expect(strategyPosition(e.state, 's1', 'BTC-USDT')).toBe(2);
    expect(e.state.anomalies.map((a) => a.kind)).toEqual(['duplicateFill']);
  });

  it('an ack after the fill keeps the order filled; a cancel after the fill is an invalid transition', () => {
    const { e, id } = withWorkingBuy();
    e.send(fill(id, 'buy', 5, 100, 0), ack(id), cancel(id));
    expect(e.state.orders.get(id)).toMatchObject({ status: 'filled', exchangeOrderId: `X-${id.slice(0, 8)}` });
    expect(e.state.anomalies.map((a) => [a.kind, a.message])).toEqual([['invalidTransition', `order.cancel for order ${id} after it was filled`]]);
  });

  it('a remaining quantity that disagrees with ours is trusted and noted', () => {
    const { e, id } = withWorkingBuy();
    e.send(fill(id, 'buy', 2, 100, 1));
    expect(slot(e)).toMatchObject({ position: 2, workingUnits: 1 });
    expect(e.state.anomalies.map((a) => a.kind)).toEqual(['remainingMismatch']);
  });

  it('events of another account are not ours', () => {
    const { e, id } = withWorkingBuy();
    e.send(fill(id, 'buy', 5, 100, 0, { account: 'other' }), ack(id, T0, 'other'));
    expect(e.state.orders.get(id)?.status).toBe('new');
    expect(e.state.anomalies).toEqual([]);
  });

  it('keeps only the configured number of finished orders', () => {
    const e = engine(createOrdersDecider({ ...config, retainTerminalOrders: 2 }));
    e.send(candle('BTC-USDT', 100));
    const ids: string[] = [];
    for (let k = 0; k < 4; k++) {
      const [o] = e.send(approval('s1', [{ instrument: 'BTC-USDT', qty: k % 2 === 0 ? 1 : 0 }], T0, k));
      ids.push(o.payload.clientOrderId);
      e.send(fill(o.payload.clientOrderId, o.payload.side, 1, 100, 0));
    }
    expect([...e.state.orders.keys()]).toEqual(ids.slice(2));
  });
});
