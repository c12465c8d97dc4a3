import { createEvent, derivedId, eventId, type OrderNewPayload } from '@helios/contracts';
import { givenWhenThen } from '@helios/domain-core';
import { createExchangeDecider, workingOrders } from './index';
import { closeOf, expectValid, flat, orderNew, RUN } from './exchange.testing';

const exchange = createExchangeDecider({ instruments: { 'BTC-USDT': { lotSize: 0.1, minNotional: 10 } } });

describe('exchange: order.new -> order.ack', () => {
  it('acknowledges a valid order, derived from it, with an exchange order id derived from the order event', () => {
    const order = orderNew(closeOf(0), 'c1', { type: 'market', qty: 1.25 });
    givenWhenThen(exchange)
      .given()
      .when(order)
      .then((outputs, state) => {
        expectValid(outputs);
        const exchangeOrderId = derivedId(order.id, 'exchange.order', 0);
        expect(outputs).toEqual([
          {
            id: derivedId(order.id, 'order.ack', 0),
            type: 'order.ack',
            v: 1,
            ts: order.ts,
            src: 'paper-exchange',
            run: RUN,
            corr: order.id,
            cause: order.id,
            payload: { account: 'paper-1', clientOrderId: 'c1', exchangeOrderId },
          },
        ]);
        // 1.25 is not a multiple of the 0.1 lot: the venue works the 12 whole lots it can trade.
        expect(workingOrders(state)).toEqual([
          {
            account: 'paper-1',
            clientOrderId: 'c1',
            exchangeOrderId,
            instrument: 'BTC-USDT',
            side: 'buy',
            type: 'market',
            eligibleAt: closeOf(0),
            filledLots: 0,
            remaining: { lots: 12 },
          },
        ]);
      });
  });
});

describe('exchange: order.new -> order.reject', () => {
  const lastClose50 = flat(0, 50);
  const lastClose200 = flat(0, 200);
  it.each([
    ['an unlisted instrument', [], orderNew(closeOf(0), 'r1', { type: 'market', qty: 1, instrument: 'ETH-USDT' }), 'instrument ETH-USDT is not traded here: no lot size is configured for it'],
    ['a quantity below one lot', [], orderNew(closeOf(0), 'r2', { type: 'market', qty: 0.05 }), 'qty 0.05 rounds to 0 lots of 0.1'],
    [
      'a limit order below the minimum notional (after lot rounding)',
      [],
      orderNew(closeOf(0), 'r3', { type: 'limit', qty: 0.19, limitPrice: 99 }),
      'qty 0.19 at limit 99: notional 9.9 of qty 0.1 is below the minimum notional 10',
    ],
    ['a quote amount below the minimum notional', [], orderNew(closeOf(0), 'r4', { type: 'market', quoteQty: 9.5 }), 'quoteQty 9.5 is below the minimum notional 10'],
    [
      'a market order below the minimum notional at the last price',
      [lastClose50],
      orderNew(closeOf(0), 'r5', { type: 'market', qty: 0.1 }),
      'qty 0.1 at the last price: notional 5 of qty 0.1 is below the minimum notional 10',
    ],
    [
      'a quote amount that buys no whole lot at the last price',
      [lastClose200],
      orderNew(closeOf(0), 'r6', { type: 'market', quoteQty: 15 }),
      'quoteQty 15 at the last price 200 buys 0 lots of 0.1',
    ],
  ])('rejects %s, naming the reason, and keeps nothing working', (_what, history, order, reason) => {
    givenWhenThen(exchange)
      .given(...history)
      .when(order)
      .then((outputs, state) => {
        expectValid(outputs);
        expect(outputs).toEqual([
          {
            id: derivedId(order.id, 'order.reject', 0),
            type: 'order.reject',
            v: 1,
            ts: order.ts,
            src: 'paper-exchange',
            run: RUN,
            corr: order.id,
            cause: order.id,
            payload: { account: 'paper-1', clientOrderId: order.payload.clientOrderId, reason },
          },
        ]);
        expect(workingOrders(state)).toEqual([]);
        expect(state.pending.size).toBe(0);
      });
  });

  it('rejects a second order with the id of one still working, and keeps the first unchanged', () => {
    const first = orderNew(closeOf(0), 'dup', { type: 'market', qty: 1 });
    const again = createEvent('order.new', { ...first.payload, qty: 3 } as OrderNewPayload, { id: eventId('order', 'dup', 2), ts: closeOf(0), src: 'order-engine', run: RUN });
    const history = exchange.decide(exchange.initialState(), first);
    givenWhenThen(exchange)
      .given(first, ...history)
      .when(again)
      .then((outputs, state) => {
        expect(outputs.map((o) => [o.type, o.payload])).toEqual([
          ['order.reject', { account: 'paper-1', clientOrderId: 'dup', reason: 'duplicate clientOrderId dup: an order with this id is still working' }],
        ]);
        expect(workingOrders(state).map((o) => [o.clientOrderId, o.remaining])).toEqual([['dup', { lots: 10 }]]);
      });
  });
});

describe('exchange config', () => {
  it.each([
    [{ instruments: { X: { lotSize: 0 } } }, 'exchange config: instruments["X"].lotSize must be a finite number > 0, got 0'],
    [{ instruments: { X: { lotSize: 0.1, minNotional: -1 } } }, 'exchange config: instruments["X"].minNotional must be a finite number >= 0, got -1'],
    [{ defaultInstrument: { lotSize: Number.NaN } }, 'exchange config: defaultInstrument.lotSize must be a finite number > 0, got NaN'],
    [{ maxVolumeShare: 1.5 }, 'exchange config: maxVolumeShare must be a number in (0, 1], got 1.5'],
    [{ fillOn: 'close' as never }, 'exchange config: fillOn must be one of bar-open, tick, got "close"'],
    [{ volumeUnit: 'usd' as never }, 'exchange config: volumeUnit must be one of base, quote, got "usd"'],
    [{ latencyMs: -1 }, 'exchange config: latencyMs must be a finite number >= 0, got -1'],
    [{ slippageBps: Infinity }, 'exchange config: slippageBps must be a number in [0, 10000), got Infinity'],
    [{ takerFeeBps: -10_000 }, 'exchange config: takerFeeBps must be a finite number > -10000, got -10000'],
    [{ timeframe: 'hourly' }, 'exchange config: timeframe must be a timeframe such as 1m, got "hourly"'],
  ])('refuses %j with a clear error', (config, message) => {
    expect(() => createExchangeDecider(config)).toThrow(message);
  });
});
