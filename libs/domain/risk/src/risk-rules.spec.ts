import { derivedId } from '@helios/contracts';
import { givenWhenThen, step } from '@helios/domain-core';
import { createRiskDecider, type RiskInput, type RiskOutput } from './risk-decider';
import type { RiskConfigInput } from './risk-config';
import { approval, candle, expectAllValid, fill, halt, intent, orderNew, pnlGlobal, pnlUpdate, T0, tick } from './risk-events.testing';

const S1 = { s1: { allocation: 1, initialEquity: 10_000 } };
const base = (extra: RiskConfigInput = {}): RiskConfigInput => ({ limitsVersion: 3, strategies: S1, ...extra });

/** Runs `when` after `given` and returns the outputs, after checking each is a valid event. */
function run(config: RiskConfigInput, given: Array<RiskInput | RiskOutput>, when: RiskInput): RiskOutput[] {
  const outputs = givenWhenThen(createRiskDecider(config))
    .given(...given)
    .when(when).outputs;
  expectAllValid(outputs);
  return outputs;
}

function rejectionReasons(outputs: RiskOutput[]) {
  expect(outputs).toHaveLength(1);
  expect(outputs[0].type).toBe('risk.rejected');
  return (outputs[0] as RiskOutput & { type: 'risk.rejected' }).payload.reasons;
}

function approvedTargets(outputs: RiskOutput[]) {
  expect(outputs.map((o) => o.type)).toEqual(['risk.approved']);
  return (outputs[0] as RiskOutput & { type: 'risk.approved' }).payload.targets;
}

describe('risk gate: each rule alone', () => {
  it('approves a plain target with the limits version, derived from the intent', () => {
    const i = intent('s1', [{ instrument: 'BTC-USDT', qty: 2, reason: 'golden cross' }]);
    const outputs = run(base(), [candle('BTC-USDT', 100)], i);
    expect(outputs).toEqual([
      {
        id: derivedId(i.id, 'risk.approved', 0),
        type: 'risk.approved',
        v: 1,
        ts: T0,
        src: 'risk-gate',
        run: i.run,
        corr: i.id,
        cause: i.id,
        payload: { strategyId: 's1', targets: [{ instrument: 'BTC-USDT', qty: 2, reason: 'golden cross' }], limitsVersion: 3 },
      },
    ]);
  });

  it('maxPositionQty clips an increase to the limit', () => {
    const outputs = run(base({ instrumentDefaults: { maxPositionQty: 10 } }), [candle('BTC-USDT', 100)], intent('s1', [{ instrument: 'BTC-USDT', qty: 12 }]));
    expect(approvedTargets(outputs)).toEqual([{ instrument: 'BTC-USDT', qty: 10, reason: 'reduced to maxPositionQty' }]);
  });

  it('maxPositionQty rejects when the net position is already at the limit', () => {
    const outputs = run(
      base({ instrumentDefaults: { maxPositionQty: 10 } }),
      [candle('BTC-USDT', 100), approval('s1', [{ instrument: 'BTC-USDT', qty: 10 }], T0, 1)],
      intent('s1', [{ instrument: 'BTC-USDT', qty: 12 }], T0, 2),
    );
    expect(outputs[0].payload).toEqual({
      strategyId: 's1',
      instrument: 'BTC-USDT',
      requestedQty: 12,
      reasons: [{ rule: 'maxPositionQty', message: 'net BTC-USDT position would be 12 units, limit 10', limit: 10, value: 12 }],
    });
  });

  it('maxPositionNotional clips at limit / mark and rejects when there is no room', () => {
    const config = base({ instruments: { 'BTC-USDT': { maxPositionNotional: 1000 } } });
    expect(approvedTargets(run(config, [candle('BTC-USDT', 100)], intent('s1', [{ instrument: 'BTC-USDT', qty: 15 }])))).toEqual([
      { instrument: 'BTC-USDT', qty: 10, reason: 'reduced to maxPositionNotional' },
    ]);
    const full = [candle('BTC-USDT', 100), approval('s1', [{ instrument: 'BTC-USDT', qty: 10 }], T0, 1)];
    expect(rejectionReasons(run(config, full, intent('s1', [{ instrument: 'BTC-USDT', qty: 11 }], T0, 2)))).toEqual([
      { rule: 'maxPositionNotional', message: 'net BTC-USDT position would be worth 1100, limit 1000', limit: 1000, value: 1100 },
    ]);
  });

  it('maxOrderNotional rejects target - position above the limit, at the last mark', () => {
    // Position 2 from a fill: the implied order is 6 - 2 = 4 units x 150 = 600.
    const history = [candle('BTC-USDT', 150), orderNew('o1', 's1', 'BTC-USDT', 'buy', 2), fill('o1', 'BTC-USDT', 'buy', 2, 150)];
    const config = base({ instrumentDefaults: { maxOrderNotional: 500 } });
    expect(rejectionReasons(run(config, history, intent('s1', [{ instrument: 'BTC-USDT', qty: 6 }])))).toEqual([
      { rule: 'maxOrderNotional', message: 'order notional 600 exceeds 500', limit: 500, value: 600 },
    ]);
    expect(approvedTargets(run(config, history, intent('s1', [{ instrument: 'BTC-USDT', qty: 5 }])))).toEqual([{ instrument: 'BTC-USDT', qty: 5 }]);
  });

  it('grossExposure clips against the other instruments and rejects when they use it all', () => {
    const config = base({ maxGrossExposure: 1500 });
    const eth = (qty: number) => [candle('BTC-USDT', 100), candle('ETH-USDT', 50), approval('s1', [{ instrument: 'ETH-USDT', qty }], T0, 1)];
    // ETH 20 x 50 = 1000 leaves 500 = 5 BTC.
    expect(approvedTargets(run(config, eth(20), intent('s1', [{ instrument: 'BTC-USDT', qty: 8 }], T0, 2)))).toEqual([
      { instrument: 'BTC-USDT', qty: 5, reason: 'reduced to grossExposure' },
    ]);
    expect(rejectionReasons(run(config, eth(30), intent('s1', [{ instrument: 'BTC-USDT', qty: 1 }], T0, 2)))).toEqual([
      { rule: 'grossExposure', message: 'gross exposure would be 1600, limit 1500', limit: 1500, value: 1600 },
    ]);
  });

  it('grossExposure as a multiple of portfolio equity uses pnl.global', () => {
    const config = base({ maxGrossExposureMultiple: 0.5 });
    expect(approvedTargets(run(config, [candle('BTC-USDT', 100), pnlGlobal(8000)], intent('s1', [{ instrument: 'BTC-USDT', qty: 60 }])))).toEqual([
      { instrument: 'BTC-USDT', qty: 40, reason: 'reduced to grossExposure' },
    ]);
  });

  it('priceCollar rejects when the last mark jumped beyond the collar from the previous one', () => {
    const config = base({ instrumentDefaults: { priceCollarBps: 300 } });
    const jump = [candle('BTC-USDT', 128, T0 - 60_000), candle('BTC-USDT', 132)];
    expect(rejectionReasons(run(config, jump, intent('s1', [{ instrument: 'BTC-USDT', qty: 1 }])))).toEqual([
      { rule: 'priceCollar', message: 'last BTC-USDT mark 132 is 312.5 bps from the previous 128, collar 300 bps', limit: 300, value: 312.5 },
    ]);
    const calm = [candle('BTC-USDT', 128, T0 - 60_000), candle('BTC-USDT', 131)];
    expect(approvedTargets(run(config, calm, intent('s1', [{ instrument: 'BTC-USDT', qty: 1 }])))).toEqual([{ instrument: 'BTC-USDT', qty: 1 }]);
  });

  it('orderRate rejects the approval beyond the limit within the rolling window of event time', () => {
    const config = base({ orderRate: { maxApprovals: 2, windowMs: 60_000 } });
    const history = [candle('BTC-USDT', 100), approval('s1', [{ instrument: 'BTC-USDT', qty: 1 }], T0, 1), approval('s1', [{ instrument: 'BTC-USDT', qty: 2 }], T0 + 10_000, 2)];
    // A price at the intent's time, which an intent waits for (the price rule).
    const pricedAt = (ts: number) => [...history, tick('BTC-USDT', 100, ts)];
    expect(rejectionReasons(run(config, pricedAt(T0 + 59_999), intent('s1', [{ instrument: 'BTC-USDT', qty: 3 }], T0 + 59_999, 3)))).toEqual([
      { rule: 'orderRate', message: 'this would be approval 3 of strategy s1 within 60000 ms, limit 2', limit: 2, value: 3 },
    ]);
    // At T0 + 60 s the first approval has left the window (T0 + 60 s - T0 is not < 60 s).
    expect(approvedTargets(run(config, pricedAt(T0 + 60_000), intent('s1', [{ instrument: 'BTC-USDT', qty: 3 }], T0 + 60_000, 3)))).toEqual([{ instrument: 'BTC-USDT', qty: 3 }]);
  });

  it('rejections do not count against the order rate', () => {
    const decider = createRiskDecider(base({ orderRate: { maxApprovals: 1, windowMs: 60_000 } }));
    let state = decider.initialState();
    const first = step(decider, state, intent('s1', [{ instrument: 'BTC-USDT', qty: 1 }], T0, 1));
    expect(first.outputs.map((o) => o.type)).toEqual(['risk.rejected']);
    state = step(decider, first.state, candle('BTC-USDT', 100)).state;
    const second = step(decider, state, intent('s1', [{ instrument: 'BTC-USDT', qty: 1 }], T0, 2));
    expect(second.outputs.map((o) => o.type)).toEqual(['risk.approved']);
    const third = step(decider, second.state, intent('s1', [{ instrument: 'BTC-USDT', qty: 2 }], T0, 3));
    expect(third.outputs.map((o) => o.type)).toEqual(['risk.rejected']);
  });

  it('unknownStrategy rejects a strategy the config does not name', () => {
    expect(rejectionReasons(run(base(), [candle('BTC-USDT', 100)], intent('s9', [{ instrument: 'BTC-USDT', qty: 1 }])))).toEqual([
      { rule: 'unknownStrategy', message: 'strategy s9 has no allocation in the risk config (limits v3)' },
    ]);
  });

  it('weightRange rejects a weight that the allocation scales beyond the contract bound', () => {
    const config = base({ strategies: { s1: { allocation: 2, initialEquity: 10_000 } } });
    expect(rejectionReasons(run(config, [candle('BTC-USDT', 100)], intent('s1', [{ instrument: 'BTC-USDT', weight: 6 }])))).toEqual([
      { rule: 'weightRange', message: 'weight 6 x allocation 2 = 12 is outside ±10', limit: 10, value: 12 },
    ]);
  });
});

describe('risk gate: several rules at once', () => {
  it('lists every rule that fired, in rule order', () => {
    const config = base({ instrumentDefaults: { maxOrderNotional: 500, maxMarkAgeMs: 60_000 } });
    const outputs = run(config, [candle('BTC-USDT', 100), halt(true)], intent('s1', [{ instrument: 'BTC-USDT', qty: 6 }], T0 + 90_000));
    expect(outputs[0].payload).toEqual({
      strategyId: 's1',
      instrument: 'BTC-USDT',
      requestedQty: 6,
      reasons: [
        { rule: 'halt', message: 'trading is halted: manual stop (by operator)' },
        { rule: 'staleMark', message: 'last BTC-USDT mark is 90000 ms old, limit 60000 ms', limit: 60_000, value: 90_000 },
        { rule: 'maxOrderNotional', message: 'order notional 600 exceeds 500', limit: 500, value: 600 },
      ],
    });
  });

  it('judges targets independently: one approval for the passing ones, one rejection per refused one', () => {
    const i = intent('s1', [
      { instrument: 'BTC-USDT', qty: 1 },
      { instrument: 'DOGE-USDT', qty: 100 },
      { instrument: 'ETH-USDT', weight: 0.5 },
    ]);
    const outputs = run(base(), [candle('BTC-USDT', 100), candle('ETH-USDT', 50)], i);
    expect(outputs.map((o) => [o.type, o.id])).toEqual([
      ['risk.approved', derivedId(i.id, 'risk.approved', 0)],
      ['risk.rejected', derivedId(i.id, 'risk.rejected', 1)],
    ]);
    expect(outputs[0].payload).toEqual({
      strategyId: 's1',
      targets: [
        { instrument: 'BTC-USDT', qty: 1 },
        { instrument: 'ETH-USDT', weight: 0.5 },
      ],
      limitsVersion: 3,
    });
    expect(outputs[1].payload).toEqual({
      strategyId: 's1',
      instrument: 'DOGE-USDT',
      requestedQty: 100,
      reasons: [{ rule: 'noMark', message: 'no mark for DOGE-USDT: a price is needed to value the target' }],
    });
  });
});

describe('risk gate: fails closed', () => {
  it('rejects without a mark', () => {
    expect(rejectionReasons(run(base(), [], intent('s1', [{ instrument: 'BTC-USDT', qty: 1 }])))).toEqual([
      { rule: 'noMark', message: 'no mark for BTC-USDT: a price is needed to value the target' },
    ]);
  });

  it('rejects on a stale mark (default limit: five minutes of event time)', () => {
    // BTC's feed stopped at T0 while ETH's goes on: the intent waits for a BTC price until ETH's
    // candles show that the wait has outlived the mark age, and is then judged on the old mark.
    const waiting = (ts: number) => [candle('BTC-USDT', 100), intent('s1', [{ instrument: 'BTC-USDT', qty: 1 }], ts)];
    expect(rejectionReasons(run(base(), waiting(T0 + 300_001), candle('ETH-USDT', 50, T0 + 600_002)))).toEqual([
      { rule: 'staleMark', message: 'last BTC-USDT mark is 300001 ms old, limit 300000 ms', limit: 300_000, value: 300_001 },
    ]);
    expect(approvedTargets(run(base(), waiting(T0 + 300_000), candle('ETH-USDT', 50, T0 + 600_001)))).toHaveLength(1);
  });

  it('rejects a weight target when the strategy equity is unknown, and sizes it once a pnl.update arrives', () => {
    const config = base({ strategies: { s1: { allocation: 1 } } });
    expect(rejectionReasons(run(config, [candle('BTC-USDT', 100)], intent('s1', [{ instrument: 'BTC-USDT', weight: 1 }])))).toEqual([
      { rule: 'unknownEquity', message: 'a weight target needs the equity of strategy s1, which is unknown' },
    ]);
    expect(approvedTargets(run(config, [candle('BTC-USDT', 100), pnlUpdate('s1', 5000)], intent('s1', [{ instrument: 'BTC-USDT', weight: 1 }])))).toEqual([
      { instrument: 'BTC-USDT', weight: 1 },
    ]);
  });

  it('rejects when a portfolio limit needs the portfolio equity and none is known', () => {
    const config = base({ strategies: { s1: { allocation: 1 } }, maxGrossExposureMultiple: 2 });
    expect(rejectionReasons(run(config, [candle('BTC-USDT', 100)], intent('s1', [{ instrument: 'BTC-USDT', qty: 1 }])))).toEqual([
      { rule: 'unknownPortfolioEquity', message: 'portfolio limits need the portfolio equity, which is unknown' },
    ]);
  });

  it('rejects when gross exposure cannot be valued because an exposed instrument has no mark', () => {
    const history = [candle('BTC-USDT', 100), orderNew('o1', 's1', 'ETH-USDT', 'buy', 1), fill('o1', 'ETH-USDT', 'buy', 1, 50)];
    expect(rejectionReasons(run(base({ maxGrossExposure: 1e6 }), history, intent('s1', [{ instrument: 'BTC-USDT', qty: 1 }])))).toEqual([
      { rule: 'grossExposure', message: 'gross exposure cannot be valued: no mark for ETH-USDT' },
    ]);
  });

  it('lets a flattening target through without a price', () => {
    expect(approvedTargets(run(base({ instrumentDefaults: { priceCollarBps: 1 } }), [], intent('s1', [{ instrument: 'BTC-USDT', qty: 0 }])))).toEqual([
      { instrument: 'BTC-USDT', qty: 0 },
    ]);
  });
});

describe('risk gate: drawdown', () => {
  const config = base({ strategies: { s1: { allocation: 1, initialEquity: 10_000, drawdown: { reduceOnlyAtPct: 10, haltAtPct: 20 } } } });
  // s1 is long 5 BTC; its equity peaked at 10 000.
  const long5 = [candle('BTC-USDT', 100), orderNew('o1', 's1', 'BTC-USDT', 'buy', 5), fill('o1', 'BTC-USDT', 'buy', 5, 100), pnlUpdate('s1', 10_000)];
  const target = (qty: number) => intent('s1', [{ instrument: 'BTC-USDT', qty }], T0, qty + 100);

  it('below reduceOnlyAtPct everything passes', () => {
    expect(approvedTargets(run(config, [...long5, pnlUpdate('s1', 9500)], target(8)))).toEqual([{ instrument: 'BTC-USDT', qty: 8 }]);
  });

  it('beyond reduceOnlyAtPct only targets that reduce |position| pass', () => {
    const history = [...long5, pnlUpdate('s1', 8750)];
    expect(rejectionReasons(run(config, history, target(8)))).toEqual([
      {
        rule: 'drawdownReduceOnly',
        message: 'strategy s1 drawdown 12.5% reached reduce-only at 10%: only targets that reduce |position| pass',
        limit: 10,
        value: 12.5,
      },
    ]);
    expect(rejectionReasons(run(config, history, target(-2)))[0].rule).toBe('drawdownReduceOnly');
    expect(approvedTargets(run(config, history, target(3)))).toEqual([{ instrument: 'BTC-USDT', qty: 3 }]);
    expect(approvedTargets(run(config, history, target(0)))).toEqual([{ instrument: 'BTC-USDT', qty: 0 }]);
  });

  it('beyond haltAtPct only flattening passes', () => {
    const history = [...long5, pnlUpdate('s1', 7500)];
    expect(rejectionReasons(run(config, history, target(3)))).toEqual([
      { rule: 'drawdownHalt', message: 'strategy s1 drawdown 25% reached the halt at 20%: only flattening targets pass', limit: 20, value: 25 },
    ]);
    expect(approvedTargets(run(config, history, target(0)))).toEqual([{ instrument: 'BTC-USDT', qty: 0 }]);
  });

  it('the drawdown is measured from the running peak, not from the initial equity', () => {
    // Peak 12 000, now 10 500: 12.5 % down although above the initial 10 000.
    const history = [...long5, pnlUpdate('s1', 12_000), pnlUpdate('s1', 10_500)];
    expect(rejectionReasons(run(config, history, target(8)))[0]).toMatchObject({ rule: 'drawdownReduceOnly', value: 12.5 });
  });

  it('portfolio drawdown from pnl.global applies to every strategy', () => {
    const portfolio = base({ portfolioDrawdown: { reduceOnlyAtPct: 15, haltAtPct: 50 } });
    const history = [...long5, pnlGlobal(10_000), pnlGlobal(8000)];
    expect(rejectionReasons(run(portfolio, history, target(6)))).toEqual([
      {
        rule: 'portfolioDrawdownReduceOnly',
        message: 'portfolio drawdown 20% reached reduce-only at 15%: only targets that reduce |position| pass',
        limit: 15,
        value: 20,
      },
    ]);
    expect(rejectionReasons(run(portfolio, [...history, pnlGlobal(4000)], target(4)))[0]).toMatchObject({ rule: 'portfolioDrawdownHalt', value: 60 });
  });
});

describe('risk gate: global halt', () => {
  it('rejects everything while halted, flattening included, and approves again after the halt is lifted', () => {
    const flat = intent('s1', [{ instrument: 'BTC-USDT', qty: 0 }], T0, 1);
    const buy = intent('s1', [{ instrument: 'BTC-USDT', qty: 1 }], T0, 2);
    const haltReason = [{ rule: 'halt', message: 'trading is halted: manual stop (by operator)' }];
    expect(rejectionReasons(run(base(), [candle('BTC-USDT', 100), halt(true)], buy))).toEqual(haltReason);
    expect(rejectionReasons(run(base(), [candle('BTC-USDT', 100), halt(true)], flat))).toEqual(haltReason);
    expect(approvedTargets(run(base(), [candle('BTC-USDT', 100), halt(true), halt(false)], buy))).toEqual([{ instrument: 'BTC-USDT', qty: 1 }]);
  });
});
