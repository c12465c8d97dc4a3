import { derivedId } from '@helios/contracts';
import { createExchangeDecider, workingOrders, type ExchangeConfig } from './index';
import { candle, closeOf, expectValid, flat, orderNew, payloads, run } from './exchange.testing';

const venue = (extra: ExchangeConfig = {}) =>
  createExchangeDecider({ instruments: { 'BTC-USDT': { lotSize: 0.1 } }, maxVolumeShare: 0.1, ...extra });

describe('exchange: fills capped by a share of bar volume', () => {
  it('fills at most 10% of each bar, carrying the rest to the next bars', () => {
    const exchange = venue();
    const order = orderNew(closeOf(0), 'big', { type: 'market', qty: 5 });
    // Volume 20 per bar -> at most 2 per bar: 2, 2, then the last 1.
    const bars = [flat(1, 100, 20), flat(2, 101, 20), flat(3, 102, 20), flat(4, 103, 20)];
    const { outputs, state } = run(exchange, [order, ...bars]);
    expectValid(outputs);
    const exchangeOrderId = derivedId(order.id, 'exchange.order', 0);
    expect(payloads(outputs, 'order.fill').map((f) => [f.fillId, f.qty, f.price, f.remainingQty])).toEqual([
      [`${exchangeOrderId}-1`, 2, 100, 3],
      [`${exchangeOrderId}-2`, 2, 101, 1],
      [`${exchangeOrderId}-3`, 1, 102, 0],
    ]);
    expect(outputs.filter((o) => o.type === 'order.fill').map((f) => f.cause)).toEqual([bars[0].id, bars[1].id, bars[2].id]);
    expect(workingOrders(state)).toEqual([]);
  });

  it('shares one bar allowance among orders in arrival order', () => {
    const exchange = venue();
    const first = orderNew(closeOf(0), 'first', { type: 'market', qty: 1.5 });
    const second = orderNew(closeOf(0), 'second', { type: 'market', qty: 1, side: 'sell' });
    const { outputs } = run(exchange, [first, second, flat(1, 100, 20), flat(2, 100, 20)]);
    expect(payloads(outputs, 'order.fill').map((f) => [f.clientOrderId, f.qty, f.remainingQty])).toEqual([
      ['first', 1.5, 0],
      ['second', 0.5, 0.5],
      ['second', 0.5, 0],
    ]);
  });

  it('rounds the allowance down to whole lots and fills nothing on a bar without volume', () => {
    const exchange = venue();
    // 10% of 14.9 = 1.49 -> 1.4; then a bar with no volume; then 10% of 30 = 3 covers the last 0.6.
    const { outputs, state } = run(exchange, [orderNew(closeOf(0), 'o', { type: 'market', qty: 2 }), flat(1, 100, 14.9), flat(2, 100, 0)]);
    expect(payloads(outputs, 'order.fill').map((f) => [f.qty, f.remainingQty])).toEqual([[1.4, 0.6]]);
    expect(workingOrders(state).map((o) => o.remaining)).toEqual([{ lots: 6 }]);
    expect(payloads(run(exchange, [flat(3, 100, 30)], state).outputs, 'order.fill').map((f) => [f.qty, f.remainingQty])).toEqual([[0.6, 0]]);
  });

  it('converts quote volume to base units at the bar typical price', () => {
    const exchange = venue({ volumeUnit: 'quote' });
    // 2000 USD traded at a typical price (110 + 90 + 100) / 3 = 100 -> 20 units -> 10% = 2.
    const { outputs } = run(exchange, [orderNew(closeOf(0), 'o', { type: 'market', qty: 3 }), candle(1, { open: 100, high: 110, low: 90, close: 100, volume: 2000 })]);
    expect(payloads(outputs, 'order.fill').map((f) => [f.qty, f.remainingQty])).toEqual([[2, 1]]);
  });

  it('re-sizes what is left of a quote-sized buy at each later bar price', () => {
    const exchange = venue();
    // Bar 1: 1000 buys 10 at 100, capped at 5 (10% of 50); 500 is left. Bar 2: 500 buys 4 at 125.
    const { outputs, state } = run(exchange, [orderNew(closeOf(0), 'q', { type: 'market', quoteQty: 1000 }), flat(1, 100, 50), flat(2, 125, 50)]);
    expect(payloads(outputs, 'order.fill').map((f) => [f.qty, f.price, f.remainingQty])).toEqual([
      [5, 100, 5],
      [4, 125, 0],
    ]);
    expect(workingOrders(state)).toEqual([]);
  });

  it('cancels a quote-sized buy whose rest no longer buys a whole lot after the price rose', () => {
    const exchange = venue();
    // Bar 1 fills 0.5 for 50 of 60 (cap 10% of 5); the 10 left buys 0 lots at 200.
    const { outputs, state } = run(exchange, [orderNew(closeOf(0), 'q', { type: 'market', quoteQty: 60 }), flat(1, 100, 5), flat(2, 200, 5)]);
    expect(outputs.filter((o) => o.type !== 'order.ack').map((o) => [o.type, o.payload])).toEqual([
      ['order.fill', expect.objectContaining({ qty: 0.5, remainingQty: 0.1 })],
      ['order.cancel', { account: 'paper-1', clientOrderId: 'q', reason: 'remaining quote 10 buys 0 lots of 0.1 at 200' }],
    ]);
    expect(workingOrders(state)).toEqual([]);
  });
});
