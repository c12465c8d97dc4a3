import { createEvent, derivedId, eventId, examples, validateEvent } from '@helios/contracts';
import { derive } from './derive';
import { givenWhenThen } from './given-when-then';
import { play, type Decider } from './decider';

const candle = createEvent('md.candle', examples['md.candle'], {
  id: eventId('paper', 'BTC-USDT', '1m', examples['md.candle'].openTime),
  ts: examples['md.candle'].closeTime,
  src: 'market-data',
  run: 'paper',
});

describe('derive', () => {
  it('derives id, time, run and correlation from the cause, and produces a valid event', () => {
    const intent = derive(candle, 'strategy.intent', 0, 'strategy-runner', examples['strategy.intent']);
    expect(intent).toMatchObject({ id: derivedId(candle.id, 'strategy.intent', 0), ts: candle.ts, run: 'paper', corr: candle.id, cause: candle.id, v: 1 });
    expect(validateEvent(intent)).toEqual([]);
    const order = derive(intent, 'order.new', 1, 'order-engine', examples['order.new']);
    expect(order.corr).toBe(candle.id);
    expect(order.id).not.toBe(derive(intent, 'order.new', 0, 'order-engine', examples['order.new']).id);
  });
});

describe('givenWhenThen', () => {
  // A counter decider: every candle produces one intent targeting the number of candles seen so far.
  const counter: Decider<number> = {
    name: 'counter',
    initialState: () => 0,
    decide: (n, e) => (e.type === 'md.candle' ? [derive(e, 'strategy.intent', 0, 't', { strategyId: 's', barTime: 0, targets: [{ instrument: 'X', qty: n + 1 }] })] : []),
    evolve: (n, e) => (e.type === 'md.candle' ? n + 1 : n),
  };

  it('folds the history, runs the input, and evolves with the outputs', () => {
    givenWhenThen(counter)
      .given(candle, candle)
      .when(candle)
      .then((outputs, state) => {
        expect(outputs).toHaveLength(1);
        expect((outputs[0].payload as { targets: Array<{ qty: number }> }).targets[0].qty).toBe(3);
        expect(state).toBe(3);
      });
  });

  it('plays inputs from the initial state like a shell: every output in order and the last state (play)', () => {
    const later = createEvent('md.candle', { ...examples['md.candle'], openTime: examples['md.candle'].openTime + 60_000, closeTime: examples['md.candle'].closeTime + 60_000 }, {
      id: eventId('paper', 'BTC-USDT', '1m', examples['md.candle'].openTime + 60_000),
      ts: examples['md.candle'].closeTime + 60_000,
      src: 'market-data',
      run: 'paper',
    });
    const { outputs, state } = play(counter, [candle, later, candle]);
    expect(state).toBe(3);
    expect(outputs.map((o) => (o.payload as { targets: Array<{ qty: number }> }).targets[0].qty)).toEqual([1, 2, 3]);
    expect(outputs.map((o) => o.cause)).toEqual([candle.id, later.id, candle.id]);
  });
});
