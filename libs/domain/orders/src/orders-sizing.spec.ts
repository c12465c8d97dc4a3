import { derivedId } from '@helios/contracts';
import { givenWhenThen } from '@helios/domain-core';
import { createOrdersDecider, type OrdersOutput } from './orders-decider';
import { strategyPosition } from './order-queries';
import { strategyEquity } from './strategy-book';
import { ACCOUNT, approval, candle, engine, expectAllValid, fill, pnlUpdate, T0 } from './orders-events.testing';

const config = { account: ACCOUNT, initialCapital: 10_000, defaultLotSize: 0.001 };
const sizes = (orders: OrdersOutput[]) => orders.map((o) => [o.payload.side, o.payload.qty ?? { quoteQty: o.payload.quoteQty }]);

describe('orders: sizing approved targets (ADR 0005)', () => {
  it('flat -> long by weight: one market buy of quoteQty = weight x equity, the client id being the order event id', () => {
    const a = approval('s1', [{ instrument: 'BTC-USDT', weight: 1 }]);
    givenWhenThen(createOrdersDecider(config))
      .given(candle('BTC-USDT', 100))
      .when(a)
      .then((outputs) => {
        const id = derivedId(a.id, 'order.new', 0);
        expect(outputs).toEqual([
          {
            id,
            type: 'order.new',
            v: 1,
            ts: T0,
            src: 'order-engine',
            run: a.run,
            corr: a.id,
            cause: a.id,
            payload: { account: ACCOUNT, clientOrderId: id, instrument: 'BTC-USDT', side: 'buy', type: 'market', quoteQty: 10_000, strategyId: 's1' },
          },
        ]);
        expectAllValid(outputs);
      });
  });

  it('a partial weight from flat spends that share of the cash', () => {
    const e = engine(createOrdersDecider(config));
    e.send(candle('BTC-USDT', 100));
    expect(sizes(e.send(approval('s1', [{ instrument: 'BTC-USDT', weight: 0.25 }])))).toEqual([['buy', { quoteQty: 2500 }]]);
  });

  it('long -> flat sells exactly the position, float dust included, and leaves it exactly 0', () => {
    const e = engine(createOrdersDecider(config));
    const [buy] = e.send(candle('BTC-USDT', 100), approval('s1', [{ instrument: 'BTC-USDT', qty: 0.3 }], T0, 1));
    e.send(fill(buy.payload.clientOrderId, 'buy', 0.1, 100, 0.2), fill(buy.payload.clientOrderId, 'buy', 0.2, 100, 0));
    const held = strategyPosition(e.state, 's1', 'BTC-USDT');
    expect(held).toBe(0.1 + 0.2); // 0.30000000000000004
    const [sell] = e.send(approval('s1', [{ instrument: 'BTC-USDT', weight: 0 }], T0, 2));
    expect(sell.payload).toMatchObject({ side: 'sell', type: 'market', qty: held });
    e.send(fill(sell.payload.clientOrderId, 'sell', held, 110, 0));
    expect(strategyPosition(e.state, 's1', 'BTC-USDT')).toBe(0);
  });

  it('values position and cash at the current mark: adds with quoteQty, trims in units', () => {
    const decider = createOrdersDecider({ ...config, defaultLotSize: 1 });
    const e = engine(decider);
    const [buy] = e.send(candle('BTC-USDT', 100), approval('s1', [{ instrument: 'BTC-USDT', qty: 40 }], T0, 1));
    e.send(fill(buy.payload.clientOrderId, 'buy', 40, 100, 0), candle('BTC-USDT', 150, T0 + 60_000));
    // cash 6000 + 40 x 150 = 12 000
    expect(strategyEquity(decider.config, e.state, 's1')).toBe(12_000);
    expect(sizes(e.send(approval('s1', [{ instrument: 'BTC-USDT', weight: 1 }], T0 + 60_000, 2)))).toEqual([['buy', { quoteQty: 6000 }]]);
    const trim = engine(createOrdersDecider({ ...config, defaultLotSize: 1 }));
    const [b2] = trim.send(candle('BTC-USDT', 100), approval('s1', [{ instrument: 'BTC-USDT', qty: 40 }], T0, 1));
    trim.send(fill(b2.payload.clientOrderId, 'buy', 40, 100, 0), candle('BTC-USDT', 150, T0 + 60_000));
    // weight 0.25 of 12 000 = 3000 = 20 units at 150: sell the other 20.
    expect(sizes(trim.send(approval('s1', [{ instrument: 'BTC-USDT', weight: 0.25 }], T0 + 60_000, 2)))).toEqual([['sell', 20]]);
  });

  it('shorts from a weight are units at the mark, rounded down to the lot', () => {
    const e = engine(createOrdersDecider({ ...config, defaultLotSize: 1 }));
    e.send(candle('ETH-USDT', 30));
    // -0.5 x 10 000 / 30 = 166.67 -> 166
    expect(sizes(e.send(approval('s1', [{ instrument: 'ETH-USDT', weight: -0.5 }])))).toEqual([['sell', 166]]);
  });

  it('reversals: long -> short in one sell of the exact position plus the new short; short -> long covers then buys by quote', () => {
    const e = engine(createOrdersDecider({ ...config, defaultLotSize: 1 }));
    const [buy] = e.send(candle('BTC-USDT', 100), approval('s1', [{ instrument: 'BTC-USDT', qty: 10 }], T0, 1));
    e.send(fill(buy.payload.clientOrderId, 'buy', 10, 100, 0));
    const [flip] = e.send(approval('s1', [{ instrument: 'BTC-USDT', qty: -4 }], T0, 2));
    expect(sizes([flip])).toEqual([['sell', 14]]);
    e.send(fill(flip.payload.clientOrderId, 'sell', 14, 100, 0));
    // cash 10 000 - 1000 + 1400 = 10 400; equity 10 400 - 400 = 10 000
    const back = e.send(approval('s1', [{ instrument: 'BTC-USDT', weight: 0.5 }], T0, 3));
    expect(sizes(back)).toEqual([['buy', 4], ['buy', { quoteQty: 5000 }]]);
    expect(new Set(back.map((o) => o.payload.clientOrderId)).size).toBe(2);
  });

  it('no order for a zero difference, nor for less than one lot', () => {
    const e = engine(createOrdersDecider({ ...config, defaultLotSize: 0.1 }));
    const [buy] = e.send(candle('BTC-USDT', 100), approval('s1', [{ instrument: 'BTC-USDT', qty: 5 }], T0, 1));
    e.send(fill(buy.payload.clientOrderId, 'buy', 5, 100, 0));
    expect(e.send(approval('s1', [{ instrument: 'BTC-USDT', qty: 5 }], T0, 2))).toEqual([]);
    expect(e.send(approval('s1', [{ instrument: 'BTC-USDT', qty: 5.05 }], T0, 3))).toEqual([]);
    // The position is worth 500 of equity 10 000: weight 0.05 asks for exactly what is held.
    expect(e.send(approval('s1', [{ instrument: 'BTC-USDT', weight: 0.05 }], T0, 4))).toEqual([]);
    expect(e.send(approval('s1', [{ instrument: 'ETH-USDT', qty: 0 }], T0, 5))).toEqual([]);
    // 0.0509 x 10 000 = 509: 9 more than held, less than one 0.1 lot (10) at 100.
    expect(e.send(approval('s1', [{ instrument: 'BTC-USDT', weight: 0.0509 }], T0, 6))).toEqual([]);
    // 0.051 x 10 000 - 500 is one lot's worth up to binary rounding (9.99999999999994).
    const [oneLot] = e.send(approval('s1', [{ instrument: 'BTC-USDT', weight: 0.051 }], T0, 7));
    expect(oneLot.payload.quoteQty).toBeCloseTo(10, 9);
  });

  it('opening from flat to less than one lot sends nothing and records why', () => {
    const e = engine(createOrdersDecider({ ...config, defaultLotSize: 1 }));
    // 10 000 of cash cannot buy one whole unit at 46 000.
    expect(e.send(candle('BTC-USDT', 46_000), approval('s1', [{ instrument: 'BTC-USDT', weight: 1 }], T0, 1))).toEqual([]);
    expect(e.send(approval('s1', [{ instrument: 'BTC-USDT', qty: 0.5 }], T0, 2))).toEqual([]);
    expect(e.state.anomalies.map((a) => [a.kind, a.message])).toEqual([
      ['unsizable', 'no order for strategy s1: 10000 of quote currency buys less than one lot (1) of BTC-USDT at 46000'],
      ['unsizable', 'no order for strategy s1: target 0.5 of BTC-USDT is less than one lot (1)'],
    ]);
  });

  it('equity: the configured capital per strategy until a pnl.update on a flat book replaces it', () => {
    const e = engine(createOrdersDecider({ ...config, strategies: { s2: { initialCapital: 4000 } } }));
    e.send(candle('BTC-USDT', 100));
    expect(sizes(e.send(approval('s2', [{ instrument: 'BTC-USDT', weight: 1 }], T0, 1)))).toEqual([['buy', { quoteQty: 4000 }]]);
    expect(sizes(e.send(pnlUpdate('s1', 10_500), approval('s1', [{ instrument: 'BTC-USDT', weight: 1 }], T0, 2)))).toEqual([['buy', { quoteQty: 10_500 }]]);
  });

  it('a pnl.update is not used while the engine holds a position or has orders working', () => {
    const e = engine(createOrdersDecider(config));
    const [buy] = e.send(candle('BTC-USDT', 100), approval('s1', [{ instrument: 'BTC-USDT', qty: 10 }], T0, 1));
    e.send(pnlUpdate('s1', 99_999));
    e.send(fill(buy.payload.clientOrderId, 'buy', 10, 100, 0, { fee: 1 }), pnlUpdate('s1', 88_888, 10));
    expect(e.state.books.get('s1')?.cash).toBe(10_000 - 1000 - 1);
  });

  it('the portfolio equity after a round trip sizes the next entry exactly', () => {
    const e = engine(createOrdersDecider(config));
    const [buy] = e.send(candle('BTC-USDT', 100), approval('s1', [{ instrument: 'BTC-USDT', weight: 1 }], T0, 1));
    e.send(fill(buy.payload.clientOrderId, 'buy', 99.9, 100, 0, { fee: 0.1 }));
    const [sell] = e.send(approval('s1', [{ instrument: 'BTC-USDT', qty: 0 }], T0, 2));
    e.send(fill(sell.payload.clientOrderId, 'sell', 99.9, 110, 0, { fee: 0.1 }), pnlUpdate('s1', 10_998.8));
    expect(sizes(e.send(approval('s1', [{ instrument: 'BTC-USDT', weight: 1 }], T0, 3)))).toEqual([['buy', { quoteQty: 10_998.8 }]]);
  });

  it('a flat pnl.update older than the latest fill is stale: a lagging PNL stream cannot undo a round trip', () => {
    const e = engine(createOrdersDecider(config));
    const M = 60_000;
    const roundTrip = (at: number, n: number, buyPrice: number, sellPrice: number) => {
      const [buy] = e.send(candle('BTC-USDT', buyPrice), approval('s1', [{ instrument: 'BTC-USDT', qty: 10 }], T0 + at, n));
      e.send(fill(buy.payload.clientOrderId, 'buy', 10, buyPrice, 0, { ts: T0 + at }));
      const [sell] = e.send(approval('s1', [{ instrument: 'BTC-USDT', qty: 0 }], T0 + at + M, n + 1));
      e.send(fill(sell.payload.clientOrderId, 'sell', 10, sellPrice, 0, { ts: T0 + at + M }));
    };
    roundTrip(0, 1, 100, 110); // +100
    roundTrip(2 * M, 3, 110, 130); // +200: cash 10 300
    expect(e.state.books.get('s1')?.cash).toBe(10_300);
    // The portfolio's flat update after the first trip, delivered only now: 10 100 is the past.
    e.send(pnlUpdate('s1', 10_100, 0, T0 + M));
    expect(e.state.books.get('s1')?.cash).toBe(10_300);
    // The update of the second trip (same event time as its exit fill) anchors, with the portfolio's figure.
    e.send(pnlUpdate('s1', 10_299.5, 0, T0 + 3 * M));
    expect(e.state.books.get('s1')?.cash).toBe(10_299.5);
    // Later flat updates anchor too.
    e.send(pnlUpdate('s1', 10_299.25, 0, T0 + 4 * M));
    expect(e.state.books.get('s1')?.cash).toBe(10_299.25);
  });

  it('a weight target without equity or mark sends nothing and records why', () => {
    const noCapital = engine(createOrdersDecider({ account: ACCOUNT }));
    noCapital.send(candle('BTC-USDT', 100));
    expect(noCapital.send(approval('s1', [{ instrument: 'BTC-USDT', weight: 1 }]))).toEqual([]);
    expect(noCapital.state.anomalies.map((a) => [a.kind, a.message])).toEqual([
      ['unsizable', 'no order for strategy s1: weight target for BTC-USDT needs a positive strategy equity, have NaN'],
    ]);
    const noMark = engine(createOrdersDecider(config));
    expect(noMark.send(approval('s1', [{ instrument: 'BTC-USDT', weight: 1 }]))).toEqual([]);
    expect(noMark.state.anomalies.map((a) => a.message)).toEqual(['no order for strategy s1: weight target for BTC-USDT needs a mark']);
    // Units and flattening need neither.
    expect(sizes(noMark.send(approval('s1', [{ instrument: 'BTC-USDT', qty: 2 }], T0, 1)))).toEqual([['buy', 2]]);
  });
});
