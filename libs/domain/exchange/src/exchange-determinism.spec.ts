import { createExchangeDecider, type ExchangeInput } from './index';
import { candle, closeOf, expectValid, flat, orderNew, run } from './exchange.testing';

describe('exchange: determinism', () => {
  const config = { instruments: { 'BTC-USDT': { lotSize: 0.01, minNotional: 5 } }, maxVolumeShare: 0.2, takerFeeBps: 7.5, makerFeeBps: 1, slippageBps: 3 };
  const inputs: ExchangeInput[] = [
    flat(0, 100, 10),
    orderNew(closeOf(0), 'a', { type: 'market', quoteQty: 700 }),
    orderNew(closeOf(0), 'b', { type: 'limit', qty: 2.5, limitPrice: 99, side: 'buy' }),
    orderNew(closeOf(0), 'c', { type: 'market', qty: 1.33, side: 'sell' }),
    candle(1, { open: 100.5, high: 101, low: 98.7, close: 99.2, volume: 12 }),
    candle(2, { open: 99.1, high: 100, low: 97, close: 98, volume: 9 }),
    candle(3, { open: 98.2, high: 99.5, low: 98, close: 99, volume: 30 }),
  ];

  it('produces byte-identical outputs from two fresh deciders, with unique ids and fill ids', () => {
    const first = run(createExchangeDecider(config), inputs).outputs;
    const second = run(createExchangeDecider(config), inputs).outputs;
    expectValid(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    const fills = first.filter((o) => o.type === 'order.fill');
    expect(fills.length).toBeGreaterThanOrEqual(4);
    expect(new Set(first.map((o) => o.id)).size).toBe(first.length);
    expect(new Set(fills.map((f) => f.payload.fillId)).size).toBe(fills.length);
  });
});
