import { givenWhenThen, play } from '@helios/domain-core';
import { createRiskDecider, type RiskInput, type RiskOutput } from './risk-decider';
import { netExposureExcluding, type RiskState } from './risk-state';
import { approval, candle, expectAllValid, fill, intent, orderCancel, orderNew, T0 } from './risk-events.testing';

const strategies = { a: { allocation: 0.5, initialEquity: 10_000 }, b: { allocation: 0.25, initialEquity: 20_000 } };

/** Feeds events one by one through decide + evolve, collecting every output. */
function playValid(decider: ReturnType<typeof createRiskDecider>, events: RiskInput[]): { outputs: RiskOutput[]; state: RiskState } {
  const played = play(decider, events);
  expectAllValid(played.outputs);
  return played;
}

describe('risk gate: the multiplexer', () => {
  it('scales each strategy by its allocation and nets them per instrument against the position limit', () => {
    const decider = createRiskDecider({ strategies, instrumentDefaults: { maxPositionQty: 10 } });
    const { outputs, state } = playValid(decider, [
      candle('BTC-USDT', 100),
      intent('a', [{ instrument: 'BTC-USDT', qty: 8 }], T0, 1), // a: 0.5 x 8 = 4
      intent('b', [{ instrument: 'BTC-USDT', qty: 40 }], T0, 2), // b: 0.25 x 40 = 10, but a holds 4 of the 10
      intent('b', [{ instrument: 'BTC-USDT', qty: -40 }], T0, 3), // b: -10 nets with a's +4 to -6: within
    ]);
    expect(outputs.map((o) => o.payload)).toEqual([
      { strategyId: 'a', targets: [{ instrument: 'BTC-USDT', qty: 4 }], limitsVersion: 0 },
      { strategyId: 'b', targets: [{ instrument: 'BTC-USDT', qty: 6, reason: 'reduced to maxPositionQty' }], limitsVersion: 0 },
      { strategyId: 'b', targets: [{ instrument: 'BTC-USDT', qty: -10 }], limitsVersion: 0 },
    ]);
    expect(netExposureExcluding(state, 'BTC-USDT', '')).toBe(-6);
  });

  it('scales weights, converts them with each strategy equity for netting, and clips a weight as a weight', () => {
    const decider = createRiskDecider({ strategies });
    const { outputs, state } = playValid(decider, [
      candle('BTC-USDT', 100),
      intent('a', [{ instrument: 'BTC-USDT', weight: 1 }], T0, 1), // 0.5 x 10 000 / 100 = 50 units
      intent('b', [{ instrument: 'BTC-USDT', weight: -1 }], T0, 2), // -0.25 x 20 000 / 100 = -50 units
    ]);
    expect(outputs.map((o) => o.payload)).toEqual([
      { strategyId: 'a', targets: [{ instrument: 'BTC-USDT', weight: 0.5 }], limitsVersion: 0 },
      { strategyId: 'b', targets: [{ instrument: 'BTC-USDT', weight: -0.25 }], limitsVersion: 0 },
    ]);
    expect(state.books.get('a')?.targets.get('BTC-USDT')).toBe(50);
    expect(state.books.get('b')?.targets.get('BTC-USDT')).toBe(-50);
    expect(netExposureExcluding(state, 'BTC-USDT', '')).toBe(0);

    const clipped = createRiskDecider({ strategies, instrumentDefaults: { maxPositionQty: 20 } });
    const result = playValid(clipped, [candle('BTC-USDT', 100), intent('a', [{ instrument: 'BTC-USDT', weight: 1, reason: 'all in' }])]);
    expect(result.outputs[0].payload).toEqual({
      strategyId: 'a',
      targets: [{ instrument: 'BTC-USDT', weight: 0.2, reason: 'all in; reduced to maxPositionQty' }],
      limitsVersion: 0,
    });
  });

  it('a strategy counts with its position until it has an approved target, and fills are attributed through order.new', () => {
    const decider = createRiskDecider({ strategies, instrumentDefaults: { maxPositionQty: 10 } });
    givenWhenThen(decider)
      .given(
        candle('BTC-USDT', 100),
        orderNew('o1', 'b', 'BTC-USDT', 'buy', 6),
        fill('o1', 'BTC-USDT', 'buy', 2, 100, 4),
        fill('o1', 'BTC-USDT', 'buy', 4, 100, 0, T0 + 1),
        // Never seen by the gate: counted in the net, owned by nobody.
        fill('manual-1', 'BTC-USDT', 'buy', 1, 100),
      )
      .when(intent('a', [{ instrument: 'BTC-USDT', qty: 10 }]))
      .then((outputs, state) => {
        expect(state.books.get('b')?.positions.get('BTC-USDT')).toBe(6);
        expect(state.unattributed.get('BTC-USDT')).toBe(1);
        expect(state.orderOwners.has('o1')).toBe(false);
        // 6 (b) + 1 (manual) leaves room for 3 of a's 5.
        expect(outputs[0].payload).toEqual({ strategyId: 'a', targets: [{ instrument: 'BTC-USDT', qty: 3, reason: 'reduced to maxPositionQty' }], limitsVersion: 0 });
      });
  });

  it('forgets the owner of a cancelled order', () => {
    givenWhenThen(createRiskDecider({ strategies }))
      .given(orderNew('o1', 'a', 'BTC-USDT', 'buy', 6), orderNew('o2', 'a', 'BTC-USDT', 'buy', 6))
      .when(orderCancel('o1'))
      .then((outputs, state) => {
        expect(outputs).toEqual([]);
        expect([...state.orderOwners.keys()]).toEqual(['o2']);
      });
  });

  it('an approved target replaces the position in the netting (orders in flight count)', () => {
    const decider = createRiskDecider({ strategies, instrumentDefaults: { maxPositionQty: 10 } });
    givenWhenThen(decider)
      .given(candle('BTC-USDT', 100), approval('b', [{ instrument: 'BTC-USDT', qty: 9 }]))
      .when(intent('a', [{ instrument: 'BTC-USDT', qty: 4 }]))
      .then((outputs) => {
        expect(outputs[0].payload).toEqual({ strategyId: 'a', targets: [{ instrument: 'BTC-USDT', qty: 1, reason: 'reduced to maxPositionQty' }], limitsVersion: 0 });
      });
  });
});

describe('risk gate: determinism', () => {
  const history = (): RiskInput[] => [
    candle('BTC-USDT', 100),
    candle('ETH-USDT', 50),
    intent('a', [{ instrument: 'BTC-USDT', weight: 1 }, { instrument: 'ETH-USDT', qty: 4 }], T0, 1),
    intent('b', [{ instrument: 'BTC-USDT', qty: 400 }, { instrument: 'DOGE-USDT', qty: 1 }], T0, 2),
    candle('BTC-USDT', 101, T0 + 60_000),
    intent('a', [{ instrument: 'BTC-USDT', weight: 0 }], T0 + 60_000, 3),
  ];

  it('the same history gives the same outputs, byte for byte, with ids derived from the intents', () => {
    const config = { strategies, instrumentDefaults: { maxPositionQty: 60 } };
    const first = playValid(createRiskDecider(config), history());
    const second = playValid(createRiskDecider(config), history());
    expect(JSON.stringify(second.outputs)).toBe(JSON.stringify(first.outputs));
    expect(first.outputs.map((o) => o.type)).toEqual(['risk.approved', 'risk.approved', 'risk.rejected', 'risk.approved']);
    expect(first.outputs.map((o) => o.cause)).toEqual(history().filter((e) => e.type === 'strategy.intent').flatMap((e, i) => (i === 1 ? [e.id, e.id] : [e.id])));
  });
});
