import { createEvent, eventId, type HeliosEvent } from '@helios/contracts';
import { closedTrades, createPortfolioDecider, openPositions, type PortfolioConfig, type PortfolioInput, type PortfolioState } from './index';
import { bar, closeOf, fill, filled, orderFor, RUN, run } from './portfolio.testing';
import { portfolioFromSnapshot, portfolioToSnapshot } from './snapshot';
import { encodeNumber } from '@helios/domain-core';

const closing = (type: 'order.cancel' | 'order.reject', clientOrderId: string, i: number): HeliosEvent<'order.cancel' | 'order.reject'> =>
  createEvent(type, { account: 'paper-1', clientOrderId, reason: 'expired' }, { id: eventId(type, clientOrderId), ts: closeOf(i), src: 'paper-exchange', run: RUN });

/**
 * Two configured strategies and one learnt from a fill (no order.new: its account), two instruments,
 * a fill before its instrument's first bar, partial fills, a fill at the time of a bar already
 * marked, reversals through zero, a cancelled and a rejected order, float dust (0.1 + 0.2).
 */
const history: PortfolioInput[] = [
  bar(0, 100),
  ...filled('s1', 1, { side: 'buy', qty: 10, price: 100, fee: 1 }),
  bar(1, 101),
  ...filled('s2', 1, { side: 'sell', qty: 2, price: 3000, fee: 0.6, instrument: 'ETH-USDT' }),
  orderFor('s2', 'p1', 'paper-1', 'ETH-USDT'),
  fill(2, { side: 'sell', qty: 1, price: 2990, clientOrderId: 'p1', instrument: 'ETH-USDT', remainingQty: 1 }),
  bar(2, 2980, 'ETH-USDT'),
  bar(2, 103),
  fill(2, { side: 'sell', qty: 1, price: 2985, clientOrderId: 'p1', instrument: 'ETH-USDT' }),
  ...filled('s1', 3, { side: 'sell', qty: 15, price: 104, fee: 1.5 }),
  orderFor('s1', 'c1'),
  closing('order.cancel', 'c1', 3),
  orderFor('s2', 'r1'),
  closing('order.reject', 'r1', 3),
  fill(4, { side: 'buy', qty: 0.1, price: 99, account: 'paper-2', clientOrderId: 'x1' }),
  fill(4, { side: 'buy', qty: 0.2, price: 99, account: 'paper-2', clientOrderId: 'x2' }),
  fill(4, { side: 'sell', qty: 0.3, price: 100, account: 'paper-2', clientOrderId: 'x3' }),
  bar(4, 99),
  bar(4, 2950, 'ETH-USDT'),
  ...filled('s1', 5, { side: 'buy', qty: 6, price: 98, fee: 0.5 }),
  bar(5, 97),
  ...filled('s2', 6, { side: 'buy', qty: 3, price: 2900, instrument: 'ETH-USDT' }),
  bar(6, 2890, 'ETH-USDT'),
];

const roundTrip = (state: PortfolioState): PortfolioState => portfolioFromSnapshot(JSON.parse(JSON.stringify(portfolioToSnapshot(state))));

const configs: Array<[string, PortfolioConfig]> = [
  ['the service (P&L every bar, no curve points)', { initialCapital: { s1: 10_000, s2: 50_000 }, defaultCapital: 10_000, emitEveryBar: true, recordCurve: false }],
  ['a backtest (P&L on fills, curve points kept)', { initialCapital: { s1: 10_000, s2: 50_000 } }],
];

describe.each(configs)('portfolio snapshot hooks, config of %s', (_name, config) => {
  const decider = createPortfolioDecider(config);
  const whole = run(decider, history);

  it('the history is a real one: P&L events, closed trades and open positions in both instruments', () => {
    expect(whole.outputs.length).toBeGreaterThanOrEqual(2 * 10);
    expect(closedTrades(whole.state).map((t) => [t.strategyId, t.instrument, t.side])).toEqual([
      ['s1', 'BTC-USDT', 'long'],
      ['s1', 'BTC-USDT', 'short'],
      ['paper-2', 'BTC-USDT', 'long'],
    ]);
    expect(openPositions(whole.state).map((p) => [p.strategyId, p.instrument, p.qty])).toEqual([
      ['s1', 'BTC-USDT', 1],
      ['s2', 'ETH-USDT', -1],
    ]);
  });

  it.each(history.map((_, cut) => cut).concat(history.length))(
    'given the state after %i events saved as JSON and restored, when the rest arrive, then outputs and final state are those of the uninterrupted run',
    (cut) => {
      const head = run(decider, history.slice(0, cut));
      const tail = run(decider, history.slice(cut), roundTrip(head.state));
      expect(JSON.stringify([...head.outputs, ...tail.outputs])).toBe(JSON.stringify(whole.outputs));
      expect([...head.outputs, ...tail.outputs]).toEqual(whole.outputs);
      expect(portfolioToSnapshot(tail.state)).toEqual(portfolioToSnapshot(whole.state));
    },
  );
});

describe('portfolio snapshot: numbers JSON cannot write', () => {
  it('encodes -0, NaN and the infinities as strings and every finite number as itself', () => {
    expect([0, -0, 1.5, -2e-300, NaN, Infinity, -Infinity, Number.MAX_VALUE].map(encodeNumber)).toEqual([0, '-0', 1.5, -2e-300, 'NaN', 'Infinity', '-Infinity', Number.MAX_VALUE]);
  });

  it('given a state holding -0, NaN and the infinities, a JSON round trip keeps each of them exactly', () => {
    const state = run(createPortfolioDecider({ initialCapital: { s1: 1_000 } }), [bar(0, 100), ...filled('s1', 1, { side: 'buy', qty: 1, price: 0.1 + 0.2 })]).state;
    const book = state.strategies.get('s1');
    const position = book?.positions.get('BTC-USDT');
    if (book === undefined || position === undefined) throw new Error('the fill made no position');
    book.cash = -0;
    book.realized = NaN;
    position.avgPrice = Infinity;
    position.fees = -Infinity;
    state.curve.drawdownPct = -0;

    const restored = roundTrip(state);
    const rb = restored.strategies.get('s1');
    const rp = rb?.positions.get('BTC-USDT');
    expect([rb?.cash, rb?.realized, rp?.avgPrice, rp?.fees, restored.curve.drawdownPct, rp?.qty]).toEqual([-0, NaN, Infinity, -Infinity, -0, 1]);
    expect(Object.is(rb?.cash, -0) && Object.is(restored.curve.drawdownPct, -0)).toBe(true);
    expect(rp?.trade?.entryPrice).toBe(0.1 + 0.2);
    expect(rp?.mark).toBe(restored.marks.get('BTC-USDT'));
    expect(restored.marks.get('BTC-USDT')?.holders[0]).toBe(rp);
  });
});

describe('portfolio snapshot: malformed input is refused, naming the field', () => {
  const good = () => JSON.parse(JSON.stringify(portfolioToSnapshot(run(createPortfolioDecider({ initialCapital: { s1: 10_000 } }), history).state)));

  it.each<[string, (json: ReturnType<typeof good>) => unknown, string]>([
    ['not an object', () => null, 'portfolio snapshot must be an object, got null'],
    ['no marks', (j) => ({ ...j, marks: undefined }), 'portfolio snapshot: marks must be an array, got nothing'],
    ['a cash that is no number', (j) => (j.strategies[1].cash = '12', j), 'portfolio snapshot: strategies[1].cash must be a number (or "NaN", "Infinity", "-Infinity", "-0"), got "12"'],
    ['a null number (what JSON makes of NaN)', (j) => (j.curve.peak = null, j), 'portfolio snapshot: curve.peak must be a number (or "NaN", "Infinity", "-Infinity", "-0"), got null'],
    ['an unknown trade side', (j) => (j.strategies[0].trades[0].side = 'flat', j), 'portfolio snapshot: strategies[0].trades[0].side must be one of "long", "short", got "flat"'],
    ['a strategy listed twice', (j) => (j.strategies.push(j.strategies[0]), j), `portfolio snapshot: strategies[${3}].id must be unique (it is listed before), got "s1"`],
    ['a position in an instrument without a mark', (j) => (j.strategies[0].positions[0].instrument = 'SOL-USDT', j), 'portfolio snapshot: strategies[0].positions[0].instrument must be an instrument listed in marks, got "SOL-USDT"'],
    ['a holder without a position', (j) => (j.marks[1].holders[0] = 's1', j), 'portfolio snapshot: marks[1].holders[0] must be a strategy holding a position in ETH-USDT, got "s1"'],
    ['a position no mark lists', (j) => (j.marks[0].holders.pop(), j), 'portfolio snapshot: marks must be marks whose holders name each of the 3 positions (they name 2), got an array'],
    ['curve columns of different lengths', (j) => (j.curve.equity.push(1), j), 'portfolio snapshot: curve.equity must be as long as curve.ts (6 points), got an array'],
    ['an order entry that is no pair', (j) => (j.orderStrategy = [['paper-1/o9']], j), 'portfolio snapshot: orderStrategy[0] must be a pair [account/clientOrderId, strategyId], got an array'],
  ])('%s', (_what, mutate, message) => {
    expect(() => portfolioFromSnapshot(mutate(good()))).toThrow(new Error(message));
  });
});
