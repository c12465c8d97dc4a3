import { createExchangeDecider, workingOrders } from './index';
import { closeOf, expectValid, flat, orderNew, payloads, run, tick } from './exchange.testing';

const exchange = createExchangeDecider({
  instruments: { 'BTC-USDT': { lotSize: 0.1 } },
  fillOn: 'tick',
  latencyMs: 500,
  slippageBps: 10,
  maxVolumeShare: 0.5,
});
const sentAt = closeOf(0);

describe('exchange: fillOn tick', () => {
  it('fills a market order at the first tick at or after order time + latency, slipped, capped by the tick size', () => {
    const order = orderNew(sentAt, 'mt', { type: 'market', qty: 1 });
    const early = tick(sentAt + 499, 99);
    const first = tick(sentAt + 500, 100, 1);
    const second = tick(sentAt + 900, 110, 4);
    const { outputs, state } = run(exchange, [order, early, first, second]);
    expectValid(outputs);
    // 100 x 1.001 = 100.1 for half of the 1-unit print, then 110 x 1.001 = 110.11 for the rest.
    expect(outputs.filter((o) => o.type === 'order.fill').map((f) => [f.cause, f.payload.qty, f.payload.price, f.payload.remainingQty])).toEqual([
      [first.id, 0.5, 100.1, 0.5],
      [second.id, 0.5, expect.closeTo(110.11, 10), 0],
    ]);
    expect(workingOrders(state)).toEqual([]);
  });

  it('does not fill on candles', () => {
    const { outputs, state } = run(exchange, [orderNew(sentAt, 'mt', { type: 'market', qty: 1 }), flat(1, 100), flat(2, 101)]);
    expect(outputs.map((o) => o.type)).toEqual(['order.ack']);
    expect(workingOrders(state)).toHaveLength(1);
  });

  it('fills a resting limit buy at its limit when a trade prints at or below it', () => {
    const order = orderNew(sentAt, 'lt', { type: 'limit', qty: 0.5, limitPrice: 99 });
    const { outputs } = run(exchange, [order, tick(sentAt + 600, 99.5), tick(sentAt + 700, 98)]);
    expect(payloads(outputs, 'order.fill').map((f) => [f.price, f.liquidity, f.qty])).toEqual([[99, 'maker', 0.5]]);
  });
});
