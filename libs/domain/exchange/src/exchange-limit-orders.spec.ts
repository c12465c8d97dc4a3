import { createExchangeDecider, workingOrders } from './index';
import { candle, closeOf, expectValid, orderNew, payloads, run } from './exchange.testing';

// Slippage is set to show it does not touch limit fills.
const exchange = createExchangeDecider({ instruments: { 'BTC-USDT': { lotSize: 0.1 } }, makerFeeBps: 2, takerFeeBps: 10, slippageBps: 50 });
const buyAt95 = orderNew(closeOf(0), 'lb', { type: 'limit', qty: 1, limitPrice: 95 });
const sellAt105 = orderNew(closeOf(0), 'ls', { type: 'limit', qty: 1, limitPrice: 105, side: 'sell' });

describe('exchange: limit orders', () => {
  it('fills a buy at its limit, as maker, when the bar trades down to it', () => {
    const { outputs, state } = run(exchange, [buyAt95, candle(1, { open: 100, high: 101, low: 94, close: 96 })]);
    expectValid(outputs);
    // Maker fee 95 x 2 bps = 0.019.
    expect(payloads(outputs, 'order.fill')).toEqual([
      expect.objectContaining({ side: 'buy', qty: 1, price: 95, fee: 0.019, liquidity: 'maker', remainingQty: 0 }),
    ]);
    expect(workingOrders(state)).toEqual([]);
  });

  it('fills a buy at the open when the bar gaps below the limit', () => {
    const { outputs } = run(exchange, [buyAt95, candle(1, { open: 93, high: 96, low: 92, close: 95 })]);
    expect(payloads(outputs, 'order.fill').map((f) => [f.price, f.liquidity])).toEqual([[93, 'maker']]);
  });

  it('keeps a buy working while bars stay above the limit, and fills when a low touches it exactly', () => {
    const { outputs, state } = run(exchange, [buyAt95, candle(1, { open: 100, high: 101, low: 95.5, close: 96 })]);
    expect(outputs.map((o) => o.type)).toEqual(['order.ack']);
    expect(workingOrders(state)).toHaveLength(1);
    const next = run(exchange, [candle(2, { open: 97, high: 98, low: 95, close: 96 })], state);
    expect(payloads(next.outputs, 'order.fill').map((f) => f.price)).toEqual([95]);
  });

  it('fills a sell at its limit when the high reaches it, at the open when it gaps above, and not below it', () => {
    expect(payloads(run(exchange, [sellAt105, candle(1, { open: 100, high: 106, low: 99, close: 104 })]).outputs, 'order.fill').map((f) => f.price)).toEqual([105]);
    expect(payloads(run(exchange, [sellAt105, candle(1, { open: 107, high: 108, low: 104, close: 106 })]).outputs, 'order.fill').map((f) => f.price)).toEqual([107]);
    expect(payloads(run(exchange, [sellAt105, candle(1, { open: 100, high: 104.9, low: 99, close: 104 })]).outputs, 'order.fill')).toEqual([]);
  });

  it('does not fill on the bar that was already open when the order arrived', () => {
    const { outputs } = run(exchange, [buyAt95, candle(0, { open: 100, high: 101, low: 90, close: 96 })]);
    expect(payloads(outputs, 'order.fill')).toEqual([]);
  });
});

describe('exchange: time in force', () => {
  const capped = createExchangeDecider({ instruments: { 'BTC-USDT': { lotSize: 0.1 } }, maxVolumeShare: 0.1 });
  const bar = (i: number, low = 100) => candle(i, { open: 100, high: 100, low, close: 100, volume: 20 });

  it('IOC fills what the first eligible bar allows and cancels the rest', () => {
    const { outputs, state } = run(capped, [orderNew(closeOf(0), 'ioc', { type: 'market', qty: 5, timeInForce: 'IOC' }), bar(1), bar(2)]);
    expectValid(outputs);
    expect(outputs.filter((o) => o.type !== 'order.ack').map((o) => [o.type, o.payload])).toEqual([
      ['order.fill', expect.objectContaining({ qty: 2, remainingQty: 3 })],
      ['order.cancel', { account: 'paper-1', clientOrderId: 'ioc', reason: 'IOC: 3 unfilled on the first eligible bar' }],
    ]);
    expect(workingOrders(state)).toEqual([]);
  });

  it('FOK fills nothing and cancels when the first eligible bar cannot fill it all', () => {
    const { outputs } = run(capped, [orderNew(closeOf(0), 'fok', { type: 'market', qty: 5, timeInForce: 'FOK' }), bar(1)]);
    expect(outputs.filter((o) => o.type !== 'order.ack').map((o) => [o.type, o.payload])).toEqual([
      ['order.cancel', { account: 'paper-1', clientOrderId: 'fok', reason: 'FOK: only 2 of 5 could fill on the first eligible bar' }],
    ]);
  });

  it('IOC limit orders the first eligible bar does not reach are cancelled', () => {
    const { outputs } = run(capped, [orderNew(closeOf(0), 'ioc', { type: 'limit', qty: 1, limitPrice: 95, timeInForce: 'IOC' }), bar(1, 96)]);
    expect(payloads(outputs, 'order.cancel')).toEqual([{ account: 'paper-1', clientOrderId: 'ioc', reason: 'IOC: limit 95 not reached on the first eligible bar' }]);
  });
});
