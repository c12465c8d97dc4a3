import { closedTrades, createPortfolioDecider, equityCurve, equityOf, openPositions, summaryOf, totalEquity } from './index';
import { bar, closeOf, expectValid, fill, filled, orderFor, run } from './portfolio.testing';

describe('portfolio: equity curve and drawdown', () => {
  it('records bar-close equity and the drawdown from its running peak, as a negative percentage', () => {
    const portfolio = createPortfolioDecider({ initialCapital: { s1: 1_000 } });
    // All-in: 10 units at 100 with 1000 cash, so equity is 10 x close.
    const closes = [100, 110, 99, 88, 121, 108.9];
    const inputs = [orderFor('s1', 'o1'), fill(0, { side: 'buy', qty: 10, price: 100 }), ...closes.map((c, i) => bar(i, c))];
    const { state } = run(portfolio, inputs);
    const curve = equityCurve(state, 's1');
    expect(Array.from(curve.ts)).toEqual(closes.map((_, i) => closeOf(i)));
    expect(Array.from(curve.equity)).toEqual([1_000, 1_100, 990, 880, 1_210, 1_089]);
    expect(curve.peak).toBe(1_210);
    expect(curve.drawdownPct).toBeCloseTo(-10, 12);
    expect(curve.maxDrawdownPct).toBeCloseTo(-20, 12); // 880 vs the 1100 peak
    // One strategy: the portfolio curve is the same.
    expect(Array.from(equityCurve(state).equity)).toEqual(Array.from(curve.equity));
    expect(equityCurve(state).maxDrawdownPct).toBeCloseTo(-20, 12);
  });

  it('reports the drawdown of the live equity from the bar-close peak on pnl.global, as a positive percentage', () => {
    const portfolio = createPortfolioDecider({ initialCapital: { s1: 1_000 } });
    const history = run(portfolio, [orderFor('s1', 'o1'), fill(0, { side: 'buy', qty: 10, price: 100, remainingQty: 5 }), bar(0, 100), bar(1, 110)]).state;
    // Selling everything at 88 (mark still 110): equity 880 against the 1100 peak.
    const { outputs } = run(portfolio, [fill(2, { side: 'sell', qty: 10, price: 88 })], history);
    expectValid(outputs);
    expect(outputs[1].payload).toEqual({ realized: -120, unrealized: 0, equity: 880, cash: 880, grossExposure: 0, drawdownPct: 20 });
  });

  it('gives the same curve whether a bar-caused fill arrives before or after its bar', () => {
    const portfolio = createPortfolioDecider({ initialCapital: { s1: 1_000 } });
    const start = [orderFor('s1', 'o1'), bar(0, 100)];
    const buy = fill(1, { side: 'buy', qty: 5, price: 101, fee: 0.5 });
    const fillFirst = run(portfolio, [...start, buy, bar(1, 104), bar(2, 99)]).state;
    const barFirst = run(portfolio, [...start, bar(1, 104), buy, bar(2, 99)]).state;
    // Bar 1: cash 1000 - 505 - 0.5 = 494.5, plus 5 x 104; bar 2: 494.5 + 5 x 99.
    expect(Array.from(equityCurve(fillFirst, 's1').equity)).toEqual([1_000, 1_014.5, 989.5]);
    expect(equityCurve(barFirst, 's1')).toEqual(equityCurve(fillFirst, 's1'));
    expect(equityCurve(barFirst)).toEqual(equityCurve(fillFirst));
  });

  it('keeps one point per bar time when several instruments close at the same time', () => {
    const portfolio = createPortfolioDecider({ initialCapital: { s1: 1_000 } });
    const { state } = run(portfolio, [
      ...filled('s1', 0, { side: 'buy', qty: 1, price: 100 }),
      ...filled('s1', 0, { side: 'buy', qty: 2, price: 50, instrument: 'ETH-USDT' }),
      bar(1, 110),
      bar(1, 40, 'ETH-USDT'),
    ]);
    // 1000 - 100 - 100 cash, + 110 + 2 x 40.
    const curve = equityCurve(state, 's1');
    expect([Array.from(curve.ts), Array.from(curve.equity)]).toEqual([[closeOf(1)], [990]]);
  });
});

describe('portfolio: strategies are isolated', () => {
  it('books each fill to the strategy of its order, each with its own cash, positions, curve and trades', () => {
    const portfolio = createPortfolioDecider({ initialCapital: { s1: 10_000, s2: 5_000 } });
    const inputs = [
      orderFor('s1', 'a'),
      orderFor('s2', 'b'),
      fill(1, { side: 'buy', qty: 1, price: 100, clientOrderId: 'a', remainingQty: 1 }),
      fill(1, { side: 'sell', qty: 2, price: 100, clientOrderId: 'b' }),
      bar(1, 110),
    ];
    const { outputs, state } = run(portfolio, inputs);
    expectValid(outputs);
    expect(outputs.filter((o) => o.type === 'pnl.update').map((o) => [o.payload.strategyId, o.payload.position])).toEqual([
      ['s1', 1],
      ['s2', -2],
    ]);
    expect(equityOf(state, 's1')).toBe(10_010);
    expect(equityOf(state, 's2')).toBe(4_980);
    expect(totalEquity(state)).toBe(14_990);
    expect(summaryOf(state)).toEqual({ cash: 9_900 + 5_200, realized: 0, fees: 0, unrealized: 10 - 20, equity: 14_990, grossExposure: 110 + 220 });
    expect(Array.from(equityCurve(state, 's1').equity)).toEqual([10_010]);
    expect(Array.from(equityCurve(state, 's2').equity)).toEqual([4_980]);
    const later = run(portfolio, filled('s1', 2, { side: 'sell', qty: 1, price: 120 }), state).state;
    expect(closedTrades(later).map((t) => [t.strategyId, t.pnl])).toEqual([['s1', 20]]);
    expect(openPositions(later).map((p) => [p.strategyId, p.qty])).toEqual([['s2', -2]]);
  });

  it('books a fill whose order it never saw to the account, with the default capital', () => {
    const portfolio = createPortfolioDecider({ initialCapital: { s1: 10_000 }, defaultCapital: 500 });
    const { state } = run(portfolio, [fill(1, { side: 'buy', qty: 2, price: 100, account: 'manual' })]);
    expect(summaryOf(state, 'manual')).toMatchObject({ cash: 300, equity: 500 });
    expect(equityOf(state, 's1')).toBe(10_000);
  });

  it('forgets the strategy of an order once it is filled, rejected or cancelled', () => {
    const portfolio = createPortfolioDecider({ initialCapital: { s1: 1_000 } });
    const { state } = run(portfolio, [orderFor('s1', 'a'), orderFor('s1', 'b'), fill(1, { side: 'buy', qty: 1, price: 10, clientOrderId: 'a' })]);
    expect([...state.orderStrategy.keys()]).toEqual(['paper-1/b']);
  });
});

describe('portfolio: rounding', () => {
  it('closes a trade when fills of 0.1 + 0.2 are sold as 0.3', () => {
    const portfolio = createPortfolioDecider({ initialCapital: { s1: 1_000 } });
    const { state } = run(portfolio, [
      fill(1, { side: 'buy', qty: 0.1, price: 100, account: 's1' }),
      fill(1, { side: 'buy', qty: 0.2, price: 100, account: 's1' }),
      fill(2, { side: 'sell', qty: 0.3, price: 110, account: 's1' }),
    ]);
    expect(openPositions(state)).toEqual([]);
    expect(closedTrades(state, 's1')).toEqual([expect.objectContaining({ qty: expect.closeTo(0.3, 15), entryPrice: expect.closeTo(100, 9), exitPrice: expect.closeTo(110, 9), pnl: expect.closeTo(3, 9) })]);
  });
});

describe('portfolio: events agree with the state', () => {
  it('announces on each fill exactly the equity the state then holds, across instruments and strategies', () => {
    const portfolio = createPortfolioDecider({ initialCapital: { s1: 10_000, s2: 3_000 } });
    const inputs = [
      orderFor('s1', 'a'),
      orderFor('s2', 'b', 'paper-1', 'ETH-USDT'),
      fill(1, { side: 'buy', qty: 0.3, price: 42_000.5, fee: 12.6, clientOrderId: 'a', remainingQty: 1 }),
      fill(1, { side: 'sell', qty: 1.7, price: 2_250.25, fee: 0.38, clientOrderId: 'b', instrument: 'ETH-USDT', remainingQty: 1 }),
      bar(1, 42_100.75),
      bar(1, 2_260.5, 'ETH-USDT'),
      fill(2, { side: 'sell', qty: 0.45, price: 41_990.1, fee: 18.9, clientOrderId: 'a' }),
      fill(2, { side: 'buy', qty: 0.2, price: 2_255, fee: 0.05, clientOrderId: 'b', instrument: 'ETH-USDT' }),
    ];
    let state = portfolio.initialState();
    for (const input of inputs) {
      const outputs = portfolio.decide(state, input);
      expectValid(outputs);
      for (const o of [input, ...outputs]) state = portfolio.evolve(state, o);
      const update = outputs.find((o) => o.type === 'pnl.update');
      const global = outputs.find((o) => o.type === 'pnl.global');
      if (update?.type === 'pnl.update') expect(update.payload.equity).toBe(equityOf(state, update.payload.strategyId));
      if (global?.type === 'pnl.global') expect(global.payload.equity).toBe(totalEquity(state));
    }
    // And equity = capital + realized - fees + unrealized for each strategy.
    for (const id of ['s1', 's2']) {
      const s = summaryOf(state, id);
      expect(s.equity).toBeCloseTo((id === 's1' ? 10_000 : 3_000) + s.realized - s.fees + s.unrealized, 8);
    }
  });
});

describe('portfolio config', () => {
  it.each([
    [{ initialCapital: { s1: -1 } }, 'portfolio config: initialCapital["s1"] must be a finite number >= 0, got -1'],
    [{ initialCapital: { 'a.b': 1 } }, 'portfolio config: initialCapital key "a.b" must be a strategy id, got "a.b"'],
    [{ defaultCapital: Number.NaN }, 'portfolio config: defaultCapital must be a finite number >= 0, got NaN'],
    [{ emitEveryBar: 'yes' as never }, 'portfolio config: emitEveryBar must be true or false, got "yes"'],
    [{ timeframe: '1 minute' }, 'portfolio config: timeframe must be a timeframe such as 1m, got "1 minute"'],
  ])('refuses %j with a clear error', (config, message) => {
    expect(() => createPortfolioDecider(config)).toThrow(message);
  });

  it('names the known strategies when asked about an unknown one', () => {
    const portfolio = createPortfolioDecider({ initialCapital: { s1: 1, s2: 2 } });
    expect(() => equityOf(portfolio.initialState(), 'nope')).toThrow('portfolio: unknown strategy "nope" (known: s1, s2)');
  });
});
