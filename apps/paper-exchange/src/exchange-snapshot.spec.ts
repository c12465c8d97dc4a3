import { step } from '@helios/domain-core';
import { workingOrders, type ExchangeState } from '@helios/domain-exchange';
import type { HeliosEvent } from '@helios/contracts';
import { bar, order, session } from '../spec-support/events';
import { DEFAULT_EXCHANGE_CONFIG } from './exchange-config';
import { exchangeFromSnapshot, exchangeToSnapshot } from './exchange-snapshot';
import { paperExchangeDecider } from './paper-exchange-service';

function runFrom(state: ExchangeState, inputs: readonly HeliosEvent[]) {
  const d = paperExchangeDecider(DEFAULT_EXCHANGE_CONFIG);
  const outputs: HeliosEvent[] = [];
  for (const e of inputs) {
    const r = step(d, state, e);
    state = r.state;
    outputs.push(...r.outputs);
  }
  return { state, outputs };
}

describe('exchange snapshot hooks', () => {
  // Working orders of every kind at the cut: a unit-sized market order, a quote-sized one and a resting limit.
  const before = [bar(0, 40_000, 40_100), order(0, 'a', 'buy', { type: 'market', qty: 0.05 }), order(0, 'b', 'buy', { type: 'market', quoteQty: 500 }), order(0, 'c', 'sell', { type: 'limit', qty: 0.01, limitPrice: 41_000 })];
  const after = [bar(1, 40_120, 40_300), bar(2, 40_310, 41_200), ...session().slice(3)];

  it('a state restored from its JSON snapshot behaves exactly like the original', () => {
    const d = paperExchangeDecider(DEFAULT_EXCHANGE_CONFIG);
    const cut = runFrom(d.initialState(), before);
    expect(workingOrders(cut.state).map((o) => o.clientOrderId)).toEqual(['a', 'b', 'c']);
    const json: unknown = JSON.parse(JSON.stringify(exchangeToSnapshot(cut.state)));
    const restored = exchangeFromSnapshot(DEFAULT_EXCHANGE_CONFIG, json);
    expect(workingOrders(restored)).toEqual(workingOrders(cut.state));

    const original = runFrom(cut.state, after);
    const resumed = runFrom(restored, after);
    expect(resumed.outputs).toEqual(original.outputs);
    expect(original.outputs.filter((o) => o.type === 'order.fill').length).toBeGreaterThanOrEqual(3);
    expect(exchangeToSnapshot(resumed.state)).toEqual(exchangeToSnapshot(original.state));
  });

  it('keeps a book and its working orders the same objects after restore', () => {
    const d = paperExchangeDecider(DEFAULT_EXCHANGE_CONFIG);
    const restored = exchangeFromSnapshot(DEFAULT_EXCHANGE_CONFIG, JSON.parse(JSON.stringify(exchangeToSnapshot(runFrom(d.initialState(), before).state))));
    const book = restored.books.get('BTC-USDT');
    expect(book?.orders.every((o) => restored.working.get(o.key) === o)).toBe(true);
    expect(Number.isNaN(restored.working.get('paper/a')?.limitPrice)).toBe(true);
  });

  it('refuses a snapshot that is not one, or orders the configuration has no rules for', () => {
    expect(() => exchangeFromSnapshot(DEFAULT_EXCHANGE_CONFIG, { books: [] })).toThrow('exchange snapshot: expected { books, working, pending } arrays');
    const d = paperExchangeDecider(DEFAULT_EXCHANGE_CONFIG);
    const json = JSON.parse(JSON.stringify(exchangeToSnapshot(runFrom(d.initialState(), before).state)));
    expect(() => exchangeFromSnapshot({ instruments: { 'ETH-USDT': { lotSize: 0.001 } } }, json)).toThrow(/order paper\/a is for BTC-USDT, which the configuration has no rules for/);
  });
});
