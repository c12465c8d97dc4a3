import { derivedId } from '@helios/contracts';
import { givenWhenThen } from '@helios/domain-core';
import { closedTrades, createPortfolioDecider, equityOf, openPositions, summaryOf } from './index';
import { bar, closeOf, expectValid, fill, filled, orderFor, RUN, run } from './portfolio.testing';

const portfolio = createPortfolioDecider({ initialCapital: { s1: 10_000 } });
const order = orderFor('s1', 'o1');

describe('portfolio: buy then sell', () => {
  const buy = fill(1, { side: 'buy', qty: 10, price: 100, fee: 1 });
  const sell = fill(3, { side: 'sell', qty: 10, price: 110, fee: 1.1, clientOrderId: 'o2' });

  it('a buy moves cash by price and fee, and reports the position at cost: pnl.update then pnl.global, derived from the fill', () => {
    givenWhenThen(portfolio)
      .given(order)
      .when(buy)
      .then((outputs, state) => {
        expectValid(outputs);
        const meta = { v: 1, ts: buy.ts, src: 'portfolio', run: RUN, corr: buy.id, cause: buy.id };
        expect(outputs).toEqual([
          {
            id: derivedId(buy.id, 'pnl.update', 0),
            type: 'pnl.update',
            ...meta,
            // Marked at the fill price until a bar closes: equity = 10000 - 1000 - 1 + 1000.
            payload: { strategyId: 's1', instrument: 'BTC-USDT', position: 10, avgPrice: 100, realized: 0, unrealized: 0, equity: 9_999, fees: 1 },
          },
          {
            id: derivedId(buy.id, 'pnl.global', 0),
            type: 'pnl.global',
            ...meta,
            payload: { realized: 0, unrealized: 0, equity: 9_999, cash: 8_999, grossExposure: 1_000, drawdownPct: expect.closeTo(0.01, 12) },
          },
        ]);
        expect(equityOf(state, 's1')).toBe(9_999);
      });
  });

  it('the sell realizes the gross price P&L, keeps fees apart, and closes one trade net of fees', () => {
    const { outputs, state } = run(portfolio, [order, orderFor('s1', 'o2'), buy, bar(1, 100), bar(2, 105), sell]);
    expectValid(outputs);
    expect(outputs.at(-2)?.payload).toEqual({
      strategyId: 's1',
      instrument: 'BTC-USDT',
      position: 0,
      avgPrice: 0,
      realized: 100,
      unrealized: 0,
      equity: 10_097.9, // 10000 + 100 realized - 2.1 fees
      fees: expect.closeTo(2.1, 12),
    });
    expect(outputs.at(-1)?.payload).toEqual({ realized: 100, unrealized: 0, equity: 10_097.9, cash: 10_097.9, grossExposure: 0, drawdownPct: 0 });
    expect(closedTrades(state, 's1')).toEqual([
      {
        strategyId: 's1',
        instrument: 'BTC-USDT',
        side: 'long',
        qty: 10,
        entryTs: closeOf(1),
        entryPrice: 100,
        exitTs: closeOf(3),
        exitPrice: 110,
        pnl: expect.closeTo(97.9, 12),
        fees: expect.closeTo(2.1, 12),
      },
    ]);
    expect(openPositions(state)).toEqual([]);
  });
});

describe('portfolio: partial close', () => {
  it('realizes the closed part at the average cost and keeps the rest open at the same average', () => {
    const { state } = run(portfolio, [...filled('s1', 1, { side: 'buy', qty: 10, price: 100 }), ...filled('s1', 2, { side: 'sell', qty: 4, price: 120 }), bar(2, 120)]);
    expect(summaryOf(state, 's1')).toEqual({ cash: 10_000 - 1_000 + 480, realized: 80, fees: 0, unrealized: 120, equity: 10_200, grossExposure: 720 });
    expect(openPositions(state)).toEqual([
      { strategyId: 's1', instrument: 'BTC-USDT', qty: 6, avgPrice: 100, mark: 120, unrealized: 120, entryTs: closeOf(1), fees: 0 },
    ]);
    expect(closedTrades(state)).toEqual([]);
    // Closing the rest at 90 loses 60: the trade made 80 - 60 = 20, exiting at (4 x 120 + 6 x 90) / 10 = 102.
    const after = run(portfolio, filled('s1', 3, { side: 'sell', qty: 6, price: 90 }), state).state;
    expect(closedTrades(after, 's1')).toEqual([
      { strategyId: 's1', instrument: 'BTC-USDT', side: 'long', qty: 10, entryTs: closeOf(1), entryPrice: 100, exitTs: closeOf(3), exitPrice: 102, pnl: 20, fees: 0 },
    ]);
    expect(summaryOf(after, 's1').realized).toBe(20);
  });
});

describe('portfolio: reversal through zero', () => {
  it('closes the long (with its share of the fee) and opens a short at the fill price', () => {
    const events = [...filled('s1', 1, { side: 'buy', qty: 10, price: 100, fee: 1 }), ...filled('s1', 2, { side: 'sell', qty: 15, price: 110, fee: 1.65 })];
    const { outputs, state } = run(portfolio, events);
    expect(outputs.at(-2)?.payload).toEqual({
      strategyId: 's1',
      instrument: 'BTC-USDT',
      position: -5,
      avgPrice: 110,
      realized: 100,
      unrealized: 0,
      equity: expect.closeTo(10_000 + 100 - 2.65, 9),
      fees: 2.65,
    });
    // The 15-unit sell closed 10 and opened 5: 10/15 of its 1.65 fee (1.1) belongs to the long.
    expect(closedTrades(state, 's1')).toEqual([
      expect.objectContaining({ side: 'long', qty: 10, entryPrice: 100, exitPrice: 110, fees: expect.closeTo(2.1, 12), pnl: expect.closeTo(97.9, 12) }),
    ]);
    expect(openPositions(state, 's1')).toEqual([expect.objectContaining({ qty: -5, avgPrice: 110, entryTs: closeOf(2), fees: expect.closeTo(0.55, 12) })]);
    // Covering the short at 100 gains 5 x 10 = 50; that trade paid 0.55 + 0.5 in fees.
    const after = run(portfolio, filled('s1', 3, { side: 'buy', qty: 5, price: 100, fee: 0.5 }), state).state;
    expect(closedTrades(after, 's1')[1]).toEqual({
      strategyId: 's1',
      instrument: 'BTC-USDT',
      side: 'short',
      qty: 5,
      entryTs: closeOf(2),
      entryPrice: 110,
      exitTs: closeOf(3),
      exitPrice: 100,
      pnl: expect.closeTo(48.95, 12),
      fees: expect.closeTo(1.05, 12),
    });
    // equity = capital + realized - fees, to the cent, and cash agrees.
    expect(summaryOf(after, 's1')).toEqual({
      cash: expect.closeTo(10_146.85, 9),
      realized: 150,
      fees: expect.closeTo(3.15, 12),
      unrealized: 0,
      equity: expect.closeTo(10_146.85, 9),
      grossExposure: 0,
    });
  });
});

describe('portfolio: mark to market', () => {
  it('values a short at the last close: unrealized gain when the price falls, equity = cash + signed position value', () => {
    const { state } = run(portfolio, [...filled('s1', 1, { side: 'sell', qty: 2, price: 50 }), bar(2, 45)]);
    // cash 10000 + 100 from the short sale; position value -2 x 45 = -90.
    expect(summaryOf(state, 's1')).toEqual({ cash: 10_100, realized: 0, fees: 0, unrealized: 10, equity: 10_010, grossExposure: 90 });
    expect(equityOf(state, 's1')).toBe(10_010);
  });

  it('with emitEveryBar, a bar close emits pnl.update per open position in its instrument, then pnl.global', () => {
    const live = createPortfolioDecider({ initialCapital: { s1: 10_000 }, emitEveryBar: true });
    const history = run(live, [order, fill(1, { side: 'sell', qty: 2, price: 50 })]).state;
    const close = bar(2, 45);
    const { outputs } = run(live, [close], history);
    expectValid(outputs);
    expect(outputs.map((o) => [o.id, o.type, o.cause, o.payload])).toEqual([
      [
        derivedId(close.id, 'pnl.update', 0),
        'pnl.update',
        close.id,
        { strategyId: 's1', instrument: 'BTC-USDT', position: -2, avgPrice: 50, realized: 0, unrealized: 10, equity: 10_010, fees: 0 },
      ],
      [derivedId(close.id, 'pnl.global', 0), 'pnl.global', close.id, { realized: 0, unrealized: 10, equity: 10_010, cash: 10_100, grossExposure: 90, drawdownPct: 0 }],
    ]);
    // Nobody holds ETH: its bar only refreshes the global figures.
    expect(run(live, [bar(2, 3_000, 'ETH-USDT')], history).outputs.map((o) => o.type)).toEqual(['pnl.global']);
  });

  it('with emitEveryBar, bar closes emit nothing while no strategy is known (equity unknown, not 0), and pnl.global from the first fill on', () => {
    const lazy = createPortfolioDecider({ defaultCapital: 10_000, emitEveryBar: true });
    const before = run(lazy, [bar(1, 100), bar(2, 101)]);
    expect(before.outputs).toEqual([]);
    const after = run(lazy, [order, fill(3, { side: 'buy', qty: 1, price: 100 }), bar(3, 102), bar(4, 103, 'ETH-USDT')], before.state);
    expect(after.outputs.map((o) => o.type)).toEqual(['pnl.update', 'pnl.global', 'pnl.update', 'pnl.global', 'pnl.global']);
    expectValid(after.outputs);
    // A strategy with configured capital is known from the first bar.
    expect(run(createPortfolioDecider({ initialCapital: { s1: 5_000 }, emitEveryBar: true }), [bar(1, 100)]).outputs.map((o) => [o.type, (o.payload as { equity: number }).equity])).toEqual([['pnl.global', 5_000]]);
  });

  it('without emitEveryBar, bar closes emit nothing', () => {
    expect(run(portfolio, [order, fill(1, { side: 'buy', qty: 1, price: 100 }), bar(2, 101), bar(3, 102)]).outputs.map((o) => o.type)).toEqual([
      'pnl.update',
      'pnl.global',
    ]);
  });
});
