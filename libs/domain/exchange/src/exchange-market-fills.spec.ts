import { derivedId } from '@helios/contracts';
import { givenWhenThen } from '@helios/domain-core';
import { createExchangeDecider, workingOrders, type ExchangeConfig } from './index';
import { candle, closeOf, expectValid, flat, orderNew, payloads, RUN, run } from './exchange.testing';

const rules = { 'BTC-USDT': { lotSize: 0.1, minNotional: 10 } };
const venue = (extra: ExchangeConfig = {}) => createExchangeDecider({ instruments: rules, ...extra });
/** An order with its acknowledgement, as history for given(). */
const accepted = (decider: ReturnType<typeof venue>, order: ReturnType<typeof orderNew>) => [order, ...decider.decide(decider.initialState(), order)];

describe('exchange: market orders fill at the next bar open', () => {
  const exchange = venue({ takerFeeBps: 10 });
  const order = orderNew(closeOf(0), 'm1', { type: 'market', qty: 2 });
  const bar1 = candle(1, { open: 101, high: 103, low: 100, close: 102 });

  it('fills a buy decided on bar 0 at bar 1 open, as taker, with the fee in bps of notional', () => {
    givenWhenThen(exchange)
      .given(flat(0, 100), ...accepted(exchange, order))
      .when(bar1)
      .then((outputs, state) => {
        expectValid(outputs);
        const exchangeOrderId = derivedId(order.id, 'exchange.order', 0);
        expect(outputs).toEqual([
          {
            id: derivedId(bar1.id, 'order.fill', 0),
            type: 'order.fill',
            v: 1,
            ts: bar1.ts,
            src: 'paper-exchange',
            run: RUN,
            corr: bar1.id,
            cause: bar1.id,
            payload: {
              account: 'paper-1',
              clientOrderId: 'm1',
              fillId: `${exchangeOrderId}-1`,
              instrument: 'BTC-USDT',
              side: 'buy',
              qty: 2,
              price: 101,
              fee: 0.202, // 2 x 101 x 10 bps
              liquidity: 'taker',
              remainingQty: 0,
            },
          },
        ]);
        expect(workingOrders(state)).toEqual([]);
      });
  });

  it("copies the order's strategy onto its fills, so P&L is attributed without a lookup", () => {
    const owned = orderNew(closeOf(0), 'm2', { type: 'market', qty: 2, strategyId: 'sma-cross' });
    givenWhenThen(exchange)
      .given(flat(0, 100), ...accepted(exchange, owned))
      .when(bar1)
      .then((outputs) => {
        expectValid(outputs);
        expect(outputs.map((o) => (o.payload as { strategyId?: string }).strategyId)).toEqual(['sma-cross']);
      });
  });

  it('does not fill on a bar that opened before the order was sent', () => {
    givenWhenThen(exchange)
      .given(...accepted(exchange, order))
      .when(flat(0, 100))
      .then((outputs, state) => {
        expect(outputs).toEqual([]);
        expect(workingOrders(state)).toHaveLength(1);
      });
  });

  it('fills in order of arrival within a bar', () => {
    const a = orderNew(closeOf(0), 'a', { type: 'market', qty: 1, side: 'sell' });
    const b = orderNew(closeOf(0), 'b', { type: 'market', qty: 3 });
    const { outputs } = run(exchange, [flat(0, 100), a, b, bar1]);
    const fills = outputs.filter((o) => o.type === 'order.fill');
    expect(fills.map((f) => [f.id, f.payload.clientOrderId, f.payload.side, f.payload.qty, f.payload.price])).toEqual([
      [derivedId(bar1.id, 'order.fill', 0), 'a', 'sell', 1, 101],
      [derivedId(bar1.id, 'order.fill', 1), 'b', 'buy', 3, 101],
    ]);
  });
});

describe('exchange: latency', () => {
  // The order is sent at bar 0's close time; bar 1 opens 1 ms later.
  const order = orderNew(closeOf(0), 'lat', { type: 'market', qty: 1 });

  it('still fills at bar 1 when order time + latency is exactly bar 1 open', () => {
    const exchange = venue({ latencyMs: 1 });
    const { outputs } = run(exchange, [order, flat(1, 100), flat(2, 200)]);
    expect(payloads(outputs, 'order.fill').map((f) => f.price)).toEqual([100]);
  });

  it('pushes the fill one bar later when the order becomes eligible after bar 1 opened', () => {
    const exchange = venue({ latencyMs: 2 });
    const { outputs, state } = run(exchange, [order, flat(1, 100)]);
    expect(payloads(outputs, 'order.fill')).toEqual([]);
    expect(workingOrders(state)).toHaveLength(1);
    const bar2 = flat(2, 200);
    const next = run(exchange, [bar2], state);
    expect(next.outputs.map((o) => [o.type, o.cause])).toEqual([['order.fill', bar2.id]]);
    expect(payloads(next.outputs, 'order.fill').map((f) => f.price)).toEqual([200]);
  });
});

describe('exchange: slippage', () => {
  const exchange = venue({ slippageBps: 25 });
  it('moves a market buy up and a market sell down by the slippage bps of the open', () => {
    const buy = orderNew(closeOf(0), 'sb', { type: 'market', qty: 1 });
    const sell = orderNew(closeOf(0), 'ss', { type: 'market', qty: 1, side: 'sell' });
    const { outputs } = run(exchange, [buy, sell, candle(1, { open: 200, high: 210, low: 190, close: 205 })]);
    expectValid(outputs);
    // 200 x (1 + 0.0025) and 200 x (1 - 0.0025); no fee configured.
    expect(payloads(outputs, 'order.fill').map((f) => [f.side, f.price, f.fee])).toEqual([
      ['buy', 200.5, 0],
      ['sell', 199.5, 0],
    ]);
  });
});

describe('exchange: market buys sized in quote currency', () => {
  const fillOf = (config: ExchangeConfig, quoteQty: number, open: number, history = [flat(0, 100)]) => {
    const exchange = venue(config);
    const { outputs } = run(exchange, [...history, orderNew(closeOf(0), 'q', { type: 'market', quoteQty }), flat(1, open)]);
    expectValid(outputs);
    return outputs.filter((o) => o.type !== 'order.ack').map((o) => [o.type, o.payload]);
  };

  it('spends an exact multiple fully: 1000 at 100 with lot 0.1 buys 10, not 9.9', () => {
    expect(fillOf({}, 1000, 100)).toEqual([
      ['order.fill', expect.objectContaining({ qty: 10, price: 100, fee: 0, remainingQty: 0 })],
    ]);
  });

  it('keeps a lot that floating point would lose, and reports the decimal quantity: 30 at 100 buys 0.3', () => {
    // 30 / 100 / 0.1 === 2.9999999999999996 in binary floating point.
    expect(fillOf({}, 30, 100)).toEqual([['order.fill', expect.objectContaining({ qty: 0.3, remainingQty: 0 })]]);
  });

  it('leaves room for the taker fee: 1000 at 100 with 10 bps buys 9.9 for 990 + 0.99 fee', () => {
    // 1000 / (100 x 1.001) = 9.99 -> 99 lots of 0.1.
    expect(fillOf({ takerFeeBps: 10 }, 1000, 100)).toEqual([
      ['order.fill', expect.objectContaining({ qty: 9.9, price: 100, fee: 0.99, remainingQty: 0 })],
    ]);
  });

  it('sizes at the slipped execution price, fee included', () => {
    // price 100 x 1.001 = 100.1; 1000 / (100.1 x 1.001) = 9.98 -> 9.9; fee 9.9 x 100.1 x 0.001 = 0.99099.
    expect(fillOf({ takerFeeBps: 10, slippageBps: 10 }, 1000, 100)).toEqual([
      ['order.fill', expect.objectContaining({ qty: 9.9, price: 100.1, fee: 0.99099, remainingQty: 0 })],
    ]);
  });

  it('sizes at the price of the fill, not at the last close', () => {
    expect(fillOf({}, 1000, 125)).toEqual([['order.fill', expect.objectContaining({ qty: 8, price: 125 })]]);
  });

  it('cancels an accepted order that buys no whole lot at the execution price, with the reason', () => {
    expect(fillOf({}, 15, 200, [])).toEqual([
      ['order.cancel', { account: 'paper-1', clientOrderId: 'q', reason: 'quoteQty 15 at 200 buys 0 lots of 0.1' }],
    ]);
  });

  it('cancels a market order in units whose notional at execution is below the minimum', () => {
    const exchange = venue();
    const { outputs, state } = run(exchange, [orderNew(closeOf(0), 'u', { type: 'market', qty: 0.1 }), flat(1, 50)]);
    expect(payloads(outputs, 'order.cancel')).toEqual([
      { account: 'paper-1', clientOrderId: 'u', reason: 'qty 0.1 at 50: notional 5 of qty 0.1 is below the minimum notional 10' },
    ]);
    expect(workingOrders(state)).toEqual([]);
  });
});
