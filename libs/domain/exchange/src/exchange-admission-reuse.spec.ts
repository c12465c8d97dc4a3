import { derivedId } from '@helios/contracts';
import { createExchangeDecider, workingOrders, type ExchangeInput } from './index';
import { closeOf, flat, orderNew, run } from './exchange.testing';

// decide remembers the admission of an order.new for the evolve with the same event (a backtest
// optimisation); these pin down that the remembered answer never differs from working it out again.
describe('exchange: the admission decide worked out, reused by evolve', () => {
  const config = { instruments: { 'BTC-USDT': { lotSize: 0.01, minNotional: 5 } } };
  const inputs: ExchangeInput[] = [
    flat(0, 100),
    orderNew(closeOf(0), 'a', { type: 'market', quoteQty: 700 }),
    orderNew(closeOf(0), 'b', { type: 'limit', qty: 2.5, limitPrice: 99, side: 'buy' }),
    orderNew(closeOf(0), 'a', { type: 'market', qty: 1, side: 'sell' }), // a duplicate id: rejected
  ];

  it('leaves the same venue state whether the history is stepped (decide, then evolve) or only folded with evolve', () => {
    const exchange = createExchangeDecider(config);
    const stepped = run(exchange, inputs);
    let folded = exchange.initialState();
    for (const input of inputs) folded = exchange.evolve(folded, input);
    // Folding sees no acks, so its orders stay pending: compare those with the stepped run's working ones.
    expect(workingOrders(stepped.state).map((o) => o.clientOrderId)).toEqual(['a', 'b']);
    expect([...folded.pending.values()].map((o) => [o.clientOrderId, o.exchangeOrderId, o.remainingQuote, o.remainingLots])).toEqual(
      [...stepped.state.working.values()].map((o) => [o.clientOrderId, o.exchangeOrderId, o.remainingQuote, o.remainingLots]),
    );
    expect(stepped.outputs.filter((o) => o.type === 'order.reject').map((o) => o.cause)).toEqual([inputs[3].id]);
  });

  it('forgets the remembered admission when another event is evolved in between', () => {
    const exchange = createExchangeDecider(config);
    const state = exchange.evolve(exchange.initialState(), flat(0, 100));
    const first = orderNew(closeOf(0), 'x', { type: 'market', qty: 1, side: 'buy' });
    const second = orderNew(closeOf(0), 'x', { type: 'market', qty: 2, side: 'buy' });
    exchange.decide(state, first); // remembers "admit first"
    exchange.evolve(state, second); // admits second under the same client id
    exchange.evolve(state, first); // must be judged again: a duplicate now, so second's order stays
    expect([...state.pending.values()].map((o) => [o.clientOrderId, o.exchangeOrderId, o.remainingLots])).toEqual([
      ['x', derivedId(second.id, 'exchange.order', 0), 200],
    ]);
  });
});
