import { createEvent, derivedId, eventId, validateEvent, type CandlePayload, type HeliosEvent } from '@helios/contracts';
import { givenWhenThen, play, step, type Decider } from '@helios/domain-core';
import { instantiateTemplate, type StrategySpec } from '@helios/strategy-dsl';
import { strategyDecider, type StrategyInput, type StrategyOutput, type StrategyState } from './strategy-decider';

const T0 = 1_704_067_200_000;
const MINUTE = 60_000;
const openTime = (i: number) => T0 + i * MINUTE;

interface CandleOptions {
  symbol?: string;
  tf?: string;
  /** A forming version of the bar; `revision` tells its ids apart. */
  closed?: boolean;
  revision?: number;
}

function candle(i: number, close: number, options: CandleOptions = {}): HeliosEvent<'md.candle'> {
  const { symbol = 'BTC-USDT', tf = '1m', closed = true, revision = 0 } = options;
  const payload: CandlePayload = {
    venue: 'binance',
    symbol,
    tf,
    openTime: openTime(i),
    closeTime: openTime(i + 1) - 1,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1,
    closed,
  };
  const id = closed ? eventId('binance', symbol, tf, payload.openTime) : eventId('binance', symbol, tf, payload.openTime, 'forming', revision);
  return createEvent('md.candle', payload, { id, ts: closed ? payload.closeTime : payload.openTime + revision + 1, src: 'market-data', run: 'bt-1' });
}

function advice(i: number, score: number, model = 'trend', symbol = 'BTC-USDT'): HeliosEvent<'ml.advice'> {
  const payload = { model, symbol, score, confidence: 0.9 };
  return createEvent('ml.advice', payload, { id: eventId('ml', model, symbol, openTime(i)), ts: openTime(i) + 30_000, src: 'ml-advisor', run: 'bt-1' });
}

const smaCross = (fast: number, slow: number, instruments = ['BTC-USDT']): StrategySpec =>
  instantiateTemplate('sma-cross', { params: { fast, slow }, instruments, timeframe: '1m' }).spec;

/** Feeds inputs through decide + evolve like a service shell; returns every output in order. */
function runAll(decider: Decider<StrategyState, StrategyInput, StrategyOutput>, inputs: readonly StrategyInput[]): StrategyOutput[] {
  const { outputs } = play(decider, inputs);
  for (const o of outputs) expect(validateEvent(o)).toEqual([]);
  return outputs;
}

const summary = (outputs: readonly StrategyOutput[]) => outputs.map((o) => ({ bar: (o.payload.barTime - T0) / MINUTE, targets: o.payload.targets }));

// SMA(2) / SMA(3) by hand:        bar: 0    1    2    3      4      5      6      7      8    9      10   11
const closes = [10, 9, 8, 9, 11, 12, 11, 9, 8, 9, 10, 12]; // fast:  -  9.5  8.5  8.5    10     11.5   11.5   10     8.5  8.5    9.5  11
//                                                              slow:  -   -   9    8.667  9.333  10.667 11.333 10.667 9.333 8.667 9   10.333
// golden crosses at bars 4 and 10 (fast from below to above), a death cross at bar 7.

describe.each(['compiled', 'interpreted'] as const)('strategy decider (%s evaluator)', (evaluator) => {
  const decider = () => strategyDecider({ strategyId: 'sma-cross', spec: smaCross(2, 3), evaluator });

  it('sma-cross emits exactly the expected intents at the expected bars', () => {
    const inputs = closes.map((c, i) => candle(i, c));
    const outputs = runAll(decider(), inputs);
    expect(summary(outputs)).toEqual([
      { bar: 4, targets: [{ instrument: 'BTC-USDT', weight: 1 }] },
      { bar: 7, targets: [{ instrument: 'BTC-USDT', weight: 0 }] },
      { bar: 10, targets: [{ instrument: 'BTC-USDT', weight: 1 }] },
    ]);
    const cause = inputs[4];
    expect(outputs[0]).toEqual({
      id: derivedId(cause.id, 'strategy.intent@sma-cross', 0),
      type: 'strategy.intent',
      v: 1,
      ts: cause.ts,
      src: 'strategy-runner',
      run: 'bt-1',
      corr: cause.id,
      cause: cause.id,
      payload: { strategyId: 'sma-cross', targets: [{ instrument: 'BTC-USDT', weight: 1 }], barTime: openTime(4) },
    });
  });

  it('two strategies deciding on the same candle emit intents with different ids (no de-duplication clash)', () => {
    const inputs = closes.map((c, i) => candle(i, c));
    const a = runAll(decider(), inputs);
    const b = runAll(strategyDecider({ strategyId: 'sma-cross-b', spec: smaCross(2, 3), evaluator }), inputs);
    expect(a.map((e) => e.cause)).toEqual(b.map((e) => e.cause));
    expect(a.map((e) => e.id).filter((id) => b.some((o) => o.id === id))).toEqual([]);
  });

  it('emits nothing while the averages warm up, even when the fast one starts above the slow one', () => {
    // fast > slow on the first bars both exist (bars 2-4): no cross, so no intent. They are equal on
    // bar 5 (no death cross from equality), fast is below on bars 6-7, and crosses above on bar 8.
    const rising = [1, 2, 3, 4, 5, 3, 1.5, 4, 6].map((c, i) => candle(i, c));
    const d = decider();
    givenWhenThen(d)
      .given(rising[0], rising[1])
      .when(rising[2])
      .then((outputs, state) => {
        expect(outputs).toEqual([]);
        expect(state.instruments.get('BTC-USDT')?.evaluator.bars).toBe(3);
      });
    expect(summary(runAll(d, rising))).toEqual([{ bar: 8, targets: [{ instrument: 'BTC-USDT', weight: 1 }] }]);
  });

  it('a touch is not a cross: equal averages on the previous bar give no signal (strict rule)', () => {
    // SMA(2) / SMA(3) are both 10 on bar 2, then 10.5 > 10.33 on bar 3: not a golden cross.
    const touching = [10, 10, 10, 11, 12, 13, 12, 10, 9, 8, 9, 11, 13, 10, 8].map((c, i) => candle(i, c));
    expect(summary(runAll(decider(), touching))).toEqual([
      { bar: 11, targets: [{ instrument: 'BTC-USDT', weight: 1 }] },
      { bar: 14, targets: [{ instrument: 'BTC-USDT', weight: 0 }] },
    ]);
  });

  it('a forming candle replaces the latest bar in the indicators and emits nothing; its closed version decides', () => {
    const d = decider();
    const history = closes.slice(0, 4).map((c, i) => candle(i, c));
    let state = history.reduce((s, e) => step(d, s, e).state, d.initialState());
    // Bar 4 forms at 8 (no cross), then at 11 (would cross): nothing is emitted for forming bars.
    for (const [revision, close] of [8, 11, 8.5].entries()) {
      const result = step(d, state, candle(4, close, { closed: false, revision }));
      expect(result.outputs).toEqual([]);
      state = result.state;
    }
    const evaluator = state.instruments.get('BTC-USDT')?.evaluator;
    expect(evaluator?.bars).toBe(5);
    // The closed bar at 11 crosses, computed from bar 3's state, not from the forming versions.
    const closed = step(d, state, candle(4, 11));
    expect(summary(closed.outputs)).toEqual([{ bar: 4, targets: [{ instrument: 'BTC-USDT', weight: 1 }] }]);
    expect(evaluator?.bars).toBe(5);
    // A forming version of an already closed bar and a repeat of it are ignored.
    expect(step(d, closed.state, candle(4, 3, { closed: false, revision: 9 })).outputs).toEqual([]);
    expect(step(d, closed.state, candle(4, 3)).outputs).toEqual([]);
    expect(summary(step(d, closed.state, candle(5, 12)).outputs)).toEqual([]);
  });

  it('gives the same intents with or without forming candles in between', () => {
    const plain: StrategyInput[] = [];
    const forming: StrategyInput[] = [];
    let x = 100;
    for (let i = 0; i < 400; i++) {
      x += Math.sin(i * 0.7) * 3 + Math.cos(i * 0.13) * 2;
      plain.push(candle(i, x));
      for (let r = 0; r < i % 3; r++) forming.push(candle(i, x + (r - 1) * 4, { closed: false, revision: r }));
      forming.push(candle(i, x));
    }
    const expected = runAll(decider(), plain);
    expect(expected.length).toBeGreaterThan(10);
    expect(runAll(decider(), forming)).toEqual(expected);
  });

  it('ignores other instruments, other timeframes and bars older than the latest', () => {
    const inputs = closes.map((c, i) => candle(i, c));
    const noise: StrategyInput[] = [candle(5, 1, { symbol: 'ETH-USDT' }), candle(5, 1, { tf: '5m' }), candle(2, 50)];
    const mixed = [...inputs.slice(0, 6), ...noise, ...inputs.slice(6)];
    expect(summary(runAll(decider(), mixed))).toEqual(summary(runAll(decider(), inputs)));
  });

  it('folding history with evolve alone leaves the state decide would have left', () => {
    const inputs = closes.map((c, i) => candle(i, c));
    // The golden cross of bar 4 is in the history: bar 5 (still above) must not repeat it.
    givenWhenThen(decider())
      .given(...inputs.slice(0, 5))
      .when(inputs[5])
      .then((outputs, state) => {
        expect(outputs).toEqual([]);
        expect(state.instruments.get('BTC-USDT')?.lastTarget).toBe(1);
      });
    givenWhenThen(decider())
      .given(...inputs.slice(0, 7))
      .when(inputs[7])
      .then((outputs) => expect(summary(outputs)).toEqual([{ bar: 7, targets: [{ instrument: 'BTC-USDT', weight: 0 }] }]));
  });

  it('decide is repeatable for one candle (a retried publish) and evolve then applies it once', () => {
    const d = decider();
    const inputs = closes.map((c, i) => candle(i, c));
    const state = inputs.slice(0, 4).reduce((s, e) => d.evolve(s, e), d.initialState());
    const first = d.decide(state, inputs[4]);
    expect(d.decide(state, inputs[4])).toEqual(first);
    let next = d.evolve(state, inputs[4]);
    for (const o of first) next = d.evolve(next, o);
    expect(next.instruments.get('BTC-USDT')?.evaluator.bars).toBe(5);
    expect(summary(first)).toEqual([{ bar: 4, targets: [{ instrument: 'BTC-USDT', weight: 1 }] }]);
  });

  it('keeps one state per instrument', () => {
    const d = strategyDecider({ strategyId: 'pair', spec: smaCross(2, 3, ['BTC-USDT', 'ETH-USDT']), evaluator });
    const inputs: StrategyInput[] = [];
    closes.forEach((c, i) => {
      inputs.push(candle(i, c));
      // ETH runs the same closes shifted by one bar: its crosses come one bar later.
      if (i > 0) inputs.push(candle(i, closes[i - 1] * 100, { symbol: 'ETH-USDT' }));
    });
    expect(summary(runAll(d, inputs))).toEqual([
      { bar: 4, targets: [{ instrument: 'BTC-USDT', weight: 1 }] },
      { bar: 5, targets: [{ instrument: 'ETH-USDT', weight: 1 }] },
      { bar: 7, targets: [{ instrument: 'BTC-USDT', weight: 0 }] },
      { bar: 8, targets: [{ instrument: 'ETH-USDT', weight: 0 }] },
      { bar: 10, targets: [{ instrument: 'BTC-USDT', weight: 1 }] },
      { bar: 11, targets: [{ instrument: 'ETH-USDT', weight: 1 }] },
    ]);
  });

  it('reads ml.advice through ml() in the graph (advisory input, no intent by itself)', () => {
    const d = strategyDecider({
      strategyId: 'ml-follow',
      spec: { entry: "ml('trend') > 0.5", exit: "ml('trend') < -0.5", sizing: { mode: 'long-only', weight: 0.25 }, instruments: ['BTC-USDT'] },
      evaluator,
    });
    const inputs: StrategyInput[] = [candle(0, 10), advice(0, 0.8, 'other'), candle(1, 10), advice(1, 0.8), candle(2, 10), candle(3, 10), advice(3, -0.9), candle(4, 10)];
    const outputs = runAll(d, inputs);
    expect(summary(outputs)).toEqual([
      { bar: 2, targets: [{ instrument: 'BTC-USDT', weight: 0.25 }] },
      { bar: 4, targets: [{ instrument: 'BTC-USDT', weight: 0 }] },
    ]);
    expect(givenWhenThen(d).given(candle(0, 10)).when(advice(0, 0.9)).outputs).toEqual([]);
  });
});

describe('strategy decider options', () => {
  it('compiled and interpreted evaluators give identical intents on a long series', () => {
    const inputs: StrategyInput[] = [];
    let x = 1000;
    for (let i = 0; i < 3000; i++) {
      x *= 1 + Math.sin(i * 1.3) * 0.004 + Math.sin(i * 0.05) * 0.002;
      inputs.push(candle(i, x));
    }
    const spec = instantiateTemplate('macd-rsi', { instruments: ['BTC-USDT'] }).spec;
    const compiled = runAll(strategyDecider({ strategyId: 'm', spec }), inputs);
    expect(compiled.length).toBeGreaterThan(20);
    expect(runAll(strategyDecider({ strategyId: 'm', spec, evaluator: 'interpreted' }), inputs)).toEqual(compiled);
  });

  it('takes a graph with instruments and parameter values instead of a spec', () => {
    const { graph } = instantiateTemplate('sma-cross', { instruments: ['X'] });
    const d = strategyDecider({ strategyId: 'g', graph, params: { fast: 2, slow: 3 }, instruments: ['BTC-USDT'], src: 'runner-7' });
    const outputs = runAll(d, closes.map((c, i) => candle(i, c)));
    expect(outputs.map((o) => [o.src, o.payload.barTime])).toEqual([
      ['runner-7', openTime(4)],
      ['runner-7', openTime(7)],
      ['runner-7', openTime(10)],
    ]);
  });

  it('names what is wrong with the options', () => {
    const spec = smaCross(2, 3);
    const { graph } = instantiateTemplate('sma-cross', { instruments: ['X'] });
    expect(() => strategyDecider({ strategyId: 'a.b', spec })).toThrow('strategyDecider("a.b"): strategyId must match');
    expect(() => strategyDecider({ strategyId: 's', spec, graph })).toThrow('strategyDecider("s"): give exactly one of spec and graph');
    expect(() => strategyDecider({ strategyId: 's', graph })).toThrow('strategyDecider("s"): needs at least one instrument');
    expect(() => strategyDecider({ strategyId: 's', graph, instruments: ['A', 'A'] })).toThrow('strategyDecider("s"): instruments must be unique');
    expect(() => strategyDecider({ strategyId: 's', graph, instruments: ['A'], params: { fast: 50 } })).toThrow(
      'parameter "fast": must be less than "slow" (50 >= 30) [paramRule]',
    );
  });
});
