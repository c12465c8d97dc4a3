import { step } from '@helios/domain-core';
import { createRiskDecider, type RiskInput, type RiskOutput } from './risk-decider';
import type { RiskConfigInput } from './risk-config';
import { candle, fill, halt, intent, orderCancel, orderNew, pnlGlobal, pnlUpdate, T0, tick } from './risk-events.testing';
import type { RiskState } from './risk-state';
import { riskFromSnapshot, riskToSnapshot } from './snapshot';

const M = 60_000;
const config: RiskConfigInput = {
  limitsVersion: 7,
  strategies: {
    a: { allocation: 0.5, initialEquity: 10_000, orderRate: { maxApprovals: 2, windowMs: 3 * M }, drawdown: { reduceOnlyAtPct: 5, haltAtPct: 10, liquidateAtPct: 15, window: 'day' } },
    b: { allocation: 0.25, initialEquity: 20_000 },
  },
  instrumentDefaults: { maxPositionQty: 60, priceCollarBps: 500, maxMarkAgeMs: 2 * M },
  maxGrossExposure: 20_000,
};

/**
 * Two strategies on two instruments, weights and quantities, the order-rate ring filling and
 * wrapping, a late tick, an intent held for its bar's price, a price jump through the collar, fills of known orders, of an order the
 * gate never saw and of a strategy without limits (unknown equity), drawdown from P&L, and a halt.
 */
const history: RiskInput[] = [
  candle('BTC-USDT', 100),
  candle('ETH-USDT', 50),
  intent('a', [{ instrument: 'BTC-USDT', weight: 0.4 }], T0, 1),
  orderNew('o1', 'a', 'BTC-USDT', 'buy', 20),
  fill('o1', 'BTC-USDT', 'buy', 8, 100, 12),
  intent('b', [{ instrument: 'BTC-USDT', qty: 100 }, { instrument: 'ETH-USDT', qty: -40 }], T0, 2),
  tick('BTC-USDT', 101, T0 + M),
  tick('BTC-USDT', 99, T0 + M / 2),
  intent('a', [{ instrument: 'BTC-USDT', qty: 30 }], T0 + M, 3),
  intent('a', [{ instrument: 'BTC-USDT', qty: 40 }], T0 + M, 4),
  fill('o1', 'BTC-USDT', 'buy', 12, 101, 0, T0 + M),
  fill('zz', 'ETH-USDT', 'sell', 3, 50, 0, T0 + M),
  orderNew('g1', 'ghost', 'ETH-USDT', 'buy', 1, T0 + M),
  fill('g1', 'ETH-USDT', 'buy', 1, 50, 0, T0 + M),
  orderNew('o2', 'b', 'ETH-USDT', 'sell', 10, T0 + M),
  orderCancel('o2', T0 + M),
  pnlUpdate('a', 9_400, T0 + 2 * M),
  pnlGlobal(29_400, T0 + 2 * M),
  // Ahead of its bar's candle: held until the candle, then judged at its close (the collar fires).
  intent('a', [{ instrument: 'BTC-USDT', qty: 10 }], T0 + 2 * M, 5),
  candle('BTC-USDT', 120, T0 + 2 * M),
  candle('BTC-USDT', 119, T0 + 3 * M),
  intent('b', [{ instrument: 'BTC-USDT', weight: -0.2 }], T0 + 3 * M, 6),
  halt(true, T0 + 4 * M),
  intent('b', [{ instrument: 'ETH-USDT', qty: 0 }], T0 + 4 * M, 7),
  halt(false, T0 + 5 * M),
  candle('BTC-USDT', 118, T0 + 5 * M),
  candle('ETH-USDT', 51, T0 + 5 * M),
  intent('a', [{ instrument: 'BTC-USDT', qty: 5 }], T0 + 5 * M, 8),
  intent('a', [{ instrument: 'BTC-USDT', qty: 6 }], T0 + 5 * M, 9),
];

function play(state: RiskState, events: readonly RiskInput[]): { outputs: RiskOutput[]; state: RiskState } {
  const decider = createRiskDecider(config);
  const outputs: RiskOutput[] = [];
  for (const e of events) {
    const r = step(decider, state, e);
    state = r.state;
    outputs.push(...r.outputs);
  }
  return { outputs, state };
}

const roundTrip = (state: RiskState): RiskState => riskFromSnapshot(JSON.parse(JSON.stringify(riskToSnapshot(state))));
const describeOutput = (o: RiskOutput) => (o.type === 'risk.approved' ? 'approved' : `rejected: ${o.payload.reasons.map((r) => r.rule).join('+')}`);

describe('risk snapshot hooks', () => {
  const whole = play(createRiskDecider(config).initialState(), history);

  it('the history is a real one: approvals, rejections by order rate, price collar and halt, a wrapped order-rate ring', () => {
    expect(whole.outputs.map(describeOutput)).toEqual([
      'approved',
      'approved',
      'approved',
      'rejected: orderRate',
      'rejected: orderRate+priceCollar',
      'approved',
      'rejected: halt',
      'approved',
      'approved',
    ]);
    // a's ring of two held T0 and T0 + 1 min; both were overwritten by the approvals at T0 + 5 min.
    const a = whole.state.books.get('a');
    expect([Array.from(a?.approvals.times ?? []), a?.approvals.head, a?.approvals.count]).toEqual([[T0 + 5 * M, T0 + 5 * M], 0, 2]);
    expect(whole.state.marks.get('BTC-USDT')).toEqual({ price: 118, previous: 119, ts: T0 + 5 * M });
    expect(Number.isNaN(whole.state.books.get('ghost')?.equity)).toBe(true);
    expect([...whole.state.unattributed]).toEqual([['ETH-USDT', -3]]);
  });

  it.each(history.map((_, cut) => cut).concat(history.length))(
    'given the state after %i events saved as JSON and restored, when the rest arrive, then outputs and final state are those of the uninterrupted run',
    (cut) => {
      const head = play(createRiskDecider(config).initialState(), history.slice(0, cut));
      const tail = play(roundTrip(head.state), history.slice(cut));
      expect(JSON.stringify([...head.outputs, ...tail.outputs])).toBe(JSON.stringify(whole.outputs));
      expect([...head.outputs, ...tail.outputs]).toEqual(whole.outputs);
      expect(riskToSnapshot(tail.state)).toEqual(riskToSnapshot(whole.state));
    },
  );

  it('keeps -0, NaN and the infinities exactly through JSON', () => {
    const state = play(createRiskDecider(config).initialState(), history.slice(0, 6)).state;
    const b = state.books.get('b');
    if (b === undefined) throw new Error('no book for b');
    b.equity = -0;
    b.peakEquity = Infinity;
    b.positions.set('BTC-USDT', -Infinity);
    state.portfolio.equity = -0;
    const restored = roundTrip(state);
    const rb = restored.books.get('b');
    expect([rb?.equity, rb?.peakEquity, rb?.positions.get('BTC-USDT'), restored.portfolio.equity, restored.portfolio.peakEquity, restored.marks.get('ETH-USDT')?.previous]).toEqual([
      -0,
      Infinity,
      -Infinity,
      -0,
      NaN,
      NaN,
    ]);
    expect(Object.is(rb?.equity, -0)).toBe(true);
  });
});

describe('risk snapshot: malformed input is refused, naming the field', () => {
  const good = () => JSON.parse(JSON.stringify(riskToSnapshot(play(createRiskDecider(config).initialState(), history).state)));

  it.each<[string, (json: ReturnType<typeof good>) => unknown, string]>([
    ['not an object', () => [], 'risk snapshot must be an object, got an array'],
    ['a halt that is no flag', (j) => (j.halt.halted = 'yes', j), 'risk snapshot: halt.halted must be true or false, got "yes"'],
    ['a mark price that is no number', (j) => (j.marks[0].price = null, j), 'risk snapshot: marks[0].price must be a number (or "NaN", "Infinity", "-Infinity", "-0"), got null'],
    ['a ring head beyond the ring', (j) => (j.books[0].approvals.head = 2, j), "risk snapshot: books[0].approvals.head must be below the ring's capacity 2, got 2"],
    ['a negative ring count', (j) => (j.books[0].approvals.count = -1, j), 'risk snapshot: books[0].approvals.count must be a whole number >= 0, got -1'],
    ['an empty ring', (j) => (j.books[0].approvals.times = [], j), 'risk snapshot: books[0].approvals.times must be a ring of at least one approval time, got an array'],
    ['a position entry that is no pair', (j) => (j.books[0].positions[0] = ['BTC-USDT'], j), 'risk snapshot: books[0].positions[0] must be a pair [instrument, units], got an array'],
    ['an instrument exposed twice', (j) => (j.exposed.push(j.exposed[0]), j), `risk snapshot: exposed[2] must be unique (it is listed before), got "BTC-USDT"`],
    ['no order owners', (j) => (delete j.orderOwners, j), 'risk snapshot: orderOwners must be an array, got nothing'],
    // Version 3 kept [clientOrderId, strategyId]: such a snapshot is refused, not read without instruments.
    ['an order owner without its instrument', (j) => (j.orderOwners = [['o1', 'a']], j), 'risk snapshot: orderOwners[0] must be a triple [clientOrderId, strategyId, instrument], got an array'],
    ['a book without its liquidation counts', (j) => (delete j.books[0].liquidations, j), 'risk snapshot: books[0].liquidations must be an array, got nothing'],
  ])('%s', (_what, mutate, message) => {
    expect(() => riskFromSnapshot(mutate(good()))).toThrow(new Error(message));
  });
});
