import { derivedId } from '@helios/contracts';
import { createRiskDecider, type RiskOutput } from './risk-decider';
import type { RiskConfigInput } from './risk-config';
import { DAY_MS } from './equity-peaks';
import { MAX_LIQUIDATIONS_PER_EPISODE } from './liquidation';
import { exposureOf, type StrategyRiskBook } from './risk-state';
import { riskFromSnapshot, riskToSnapshot } from './snapshot';
import { candle, fill, gate, halt, intent, orderCancel, orderNew, orderReject, pnlGlobal, pnlUpdate, T0 } from './risk-events.testing';

const M = 60_000;
/** T0 is 00:01 UTC on 2024-01-01; this is 00:01 the day after. */
const NEXT_DAY = T0 + DAY_MS;

const approvals = (outputs: RiskOutput[]) => outputs.filter((o) => o.type === 'risk.approved').map((o) => ({ id: o.id, ts: o.ts, payload: o.payload }));

describe('risk gate: liquidation at a daily drawdown', () => {
  const config: RiskConfigInput = {
    limitsVersion: 3,
    strategies: {
      s1: { allocation: 1, initialEquity: 10_000, drawdown: { liquidateAtPct: 2, window: 'day' } },
      s2: { allocation: 1, initialEquity: 10_000 },
    },
  };

  it('flattens what the strategy holds once, on the P&L event that crosses the level, and lets it trade again the next day', () => {
    const g = gate(createRiskDecider(config));
    // Given: s1 long 5 BTC from a fill; s2 long 1 BTC (not liquidated: its limits have no level).
    expect(g.send(candle('BTC-USDT', 100), orderNew('o1', 's1', 'BTC-USDT', 'buy', 5), fill('o1', 'BTC-USDT', 'buy', 5, 100))).toEqual([]);
    expect(g.send(orderNew('o2', 's2', 'BTC-USDT', 'buy', 1), fill('o2', 'BTC-USDT', 'buy', 1, 100))).toEqual([]);
    // The day's peak is 10 300; 10 100 is 1.94 % below it.
    expect(g.send(pnlUpdate('s1', 10_000, T0), pnlUpdate('s1', 10_300, T0 + M), pnlUpdate('s1', 10_100, T0 + 2 * M))).toEqual([]);
    expect(g.send(pnlUpdate('s2', 5_000, T0 + 2 * M))).toEqual([]);

    // When: 10 090 is 2.04 % below: the gate approves flat for BTC itself.
    const crossing = pnlUpdate('s1', 10_090, T0 + 3 * M);
    expect(approvals(g.send(crossing))).toEqual([
      {
        id: derivedId(crossing.id, 'risk.approved', 0),
        ts: T0 + 3 * M,
        payload: {
          strategyId: 's1',
          targets: [{ instrument: 'BTC-USDT', qty: 0, reason: 'liquidation: strategy s1 drawdown (since the UTC day began) 2.038834951% reached 2%' }],
          limitsVersion: 3,
        },
      },
    ]);
    // Further down, before the flattening fill: nothing more to flatten.
    expect(g.send(pnlUpdate('s1', 10_050, T0 + 4 * M))).toEqual([]);
    // An entry is refused until the day ends; flattening passes.
    g.send(candle('BTC-USDT', 99, T0 + 4 * M));
    const [refused] = g.send(intent('s1', [{ instrument: 'BTC-USDT', qty: 3 }], T0 + 4 * M, 1));
    expect(refused).toMatchObject({
      type: 'risk.rejected',
      payload: {
        reasons: [
          {
            rule: 'drawdownLiquidate',
            message: 'strategy s1 drawdown (since the UTC day began) 2.427184466% reached the liquidation at 2%: the gate flattens its positions; only flattening targets pass',
            limit: 2,
            value: ((10_300 - 10_050) / 10_300) * 100,
          },
        ],
      },
    });
    expect(approvals(g.send(intent('s1', [{ instrument: 'BTC-USDT', qty: 0 }], T0 + 4 * M, 2)))[0].payload.targets).toEqual([{ instrument: 'BTC-USDT', qty: 0 }]);
    expect(g.send(orderNew('o3', 's1', 'BTC-USDT', 'sell', 5, T0 + 5 * M), fill('o3', 'BTC-USDT', 'sell', 5, 99, 0, T0 + 5 * M), pnlUpdate('s1', 10_040, T0 + 5 * M))).toEqual([]);

    // Then: a new UTC day opens at 10 040, 0 % down: entries pass again.
    g.send(candle('BTC-USDT', 100, NEXT_DAY));
    expect(approvals(g.send(intent('s1', [{ instrument: 'BTC-USDT', qty: 3 }], NEXT_DAY, 3)))[0].payload.targets).toEqual([{ instrument: 'BTC-USDT', qty: 3 }]);
  });

  it('measures a daily window from the day\'s opening equity, where `all` keeps yesterday\'s peak', () => {
    const limits = (window: 'all' | 'day'): RiskConfigInput => ({ strategies: { s1: { allocation: 1, initialEquity: 10_000, drawdown: { reduceOnlyAtPct: 10, window } } } });
    const history = (window: 'all' | 'day') => {
      const g = gate(createRiskDecider(limits(window)));
      // Peak 12 000 yesterday, the day closed at 10 500; today 10 400.
      g.send(candle('BTC-USDT', 100), pnlUpdate('s1', 12_000, T0), pnlUpdate('s1', 10_500, T0 + M), candle('BTC-USDT', 100, NEXT_DAY), pnlUpdate('s1', 10_400, NEXT_DAY));
      return g.send(intent('s1', [{ instrument: 'BTC-USDT', qty: 8 }], NEXT_DAY, 1))[0];
    };
    expect(history('day')).toMatchObject({ type: 'risk.approved' });
    // 1 - 10 400 / 12 000 = 13.3 %.
    expect(history('all')).toMatchObject({ type: 'risk.rejected', payload: { reasons: [{ rule: 'drawdownReduceOnly', value: 13.333333333333334 }] } });
  });
});

describe('risk gate: liquidation at a portfolio drawdown', () => {
  const config: RiskConfigInput = {
    limitsVersion: 3,
    strategies: { s1: { allocation: 1, initialEquity: 10_000 }, s2: { allocation: 1, initialEquity: 10_000 }, s3: { allocation: 1, initialEquity: 10_000 } },
    portfolioDrawdown: { haltAtPct: 5, liquidateAtPct: 10 },
  };
  const given = [
    candle('BTC-USDT', 100),
    candle('ETH-USDT', 50),
    orderNew('o1', 's1', 'BTC-USDT', 'buy', 5),
    fill('o1', 'BTC-USDT', 'buy', 5, 100),
    orderNew('o2', 's2', 'ETH-USDT', 'sell', 2),
    fill('o2', 'ETH-USDT', 'sell', 2, 50),
    // s3 was flat and stays flat.
    orderNew('o3', 's3', 'ETH-USDT', 'buy', 1),
    fill('o3', 'ETH-USDT', 'buy', 1, 50),
    orderNew('o4', 's3', 'ETH-USDT', 'sell', 1),
    fill('o4', 'ETH-USDT', 'sell', 1, 50),
  ];

  it('flattens every strategy that holds something, one approval each, and nothing twice', () => {
    const g = gate(createRiskDecider(config));
    g.send(...given);
    expect(g.send(pnlGlobal(20_000, T0), pnlGlobal(18_100, T0 + M))).toEqual([]);
    const crossing = pnlGlobal(17_900, T0 + 2 * M);
    const reason = 'liquidation: portfolio drawdown 10.5% reached 10%';
    expect(approvals(g.send(crossing))).toEqual([
      { id: derivedId(crossing.id, 'risk.approved', 0), ts: T0 + 2 * M, payload: { strategyId: 's1', targets: [{ instrument: 'BTC-USDT', qty: 0, reason }], limitsVersion: 3 } },
      { id: derivedId(crossing.id, 'risk.approved', 1), ts: T0 + 2 * M, payload: { strategyId: 's2', targets: [{ instrument: 'ETH-USDT', qty: 0, reason }], limitsVersion: 3 } },
    ]);
    expect(g.send(pnlGlobal(17_000, T0 + 3 * M))).toEqual([]);
  });

  it('waits while the global halt is on: no order may leave; the first P&L event after it liquidates', () => {
    const g = gate(createRiskDecider(config));
    g.send(...given, pnlGlobal(20_000, T0), halt(true, T0 + M));
    expect(g.send(pnlGlobal(17_000, T0 + 2 * M))).toEqual([]);
    g.send(halt(false, T0 + 3 * M));
    expect(approvals(g.send(pnlGlobal(17_000, T0 + 4 * M))).map((a) => a.payload.strategyId)).toEqual(['s1', 's2']);
  });

  it('without a liquidation level, P&L events decide nothing, however deep the drawdown', () => {
    const g = gate(createRiskDecider({ ...config, portfolioDrawdown: { haltAtPct: 5 } }));
    g.send(...given);
    expect(g.send(pnlGlobal(20_000, T0), pnlGlobal(2_000, T0 + M), pnlUpdate('s1', 1_000, T0 + M))).toEqual([]);
  });
});

describe('risk gate: a flattening the venue refuses is tried again, a bounded number of times', () => {
  const config: RiskConfigInput = { limitsVersion: 3, strategies: { s1: { allocation: 1, initialEquity: 10_000, drawdown: { liquidateAtPct: 2 } } } };
  const targetsOf = (outputs: RiskOutput[]) => approvals(outputs).map((a) => a.payload.targets);
  /** s1 long 5 BTC, its equity 10 000 then 9 790 (2.1 % down): the gate's first flattening. */
  const liquidated = () => {
    const g = gate(createRiskDecider(config));
    g.send(candle('BTC-USDT', 100), orderNew('o1', 's1', 'BTC-USDT', 'buy', 5), fill('o1', 'BTC-USDT', 'buy', 5, 100), pnlUpdate('s1', 10_000, T0));
    expect(targetsOf(g.send(pnlUpdate('s1', 9_790, T0 + M)))).toEqual([[{ instrument: 'BTC-USDT', qty: 0, reason: 'liquidation: strategy s1 drawdown 2.1% reached 2%' }]]);
    return g;
  };

  it('after a rejection the next P&L event still at the level flattens again; after the third the gate stops', () => {
    expect(MAX_LIQUIDATIONS_PER_EPISODE).toBe(3);
    const g = liquidated();
    // Given: the venue refuses the order.
    expect(g.send(orderNew('o2', 's1', 'BTC-USDT', 'sell', 5, T0 + M), orderReject('o2', 'market halted', T0 + M))).toEqual([]);
    // When / then: the next P&L event, still 2 % down, flattens again (attempt 2), with an id of its own.
    const second = pnlUpdate('s1', 9_780, T0 + 2 * M);
    const [retry] = approvals(g.send(second));
    expect(retry).toEqual({
      id: derivedId(second.id, 'risk.approved', 0),
      ts: T0 + 2 * M,
      payload: { strategyId: 's1', targets: [{ instrument: 'BTC-USDT', qty: 0, reason: 'liquidation: strategy s1 drawdown 2.2% reached 2%' }], limitsVersion: 3 },
    });
    // Nothing more while that order is out.
    expect(g.send(pnlUpdate('s1', 9_770, T0 + 3 * M))).toEqual([]);
    // Attempt 3 after a second refusal.
    g.send(orderNew('o3', 's1', 'BTC-USDT', 'sell', 5, T0 + 3 * M), orderReject('o3', 'market halted', T0 + 3 * M));
    expect(targetsOf(g.send(pnlUpdate('s1', 9_760, T0 + 4 * M)))).toHaveLength(1);
    // A third refusal: the bound is reached; the position counts again, but no fourth order.
    g.send(orderNew('o4', 's1', 'BTC-USDT', 'sell', 5, T0 + 4 * M), orderReject('o4', 'market halted', T0 + 4 * M));
    expect(g.state.books.get('s1')?.targets.has('BTC-USDT')).toBe(false);
    expect(exposureOf(g.state.books.get('s1') as StrategyRiskBook, 'BTC-USDT')).toBe(5);
    expect(g.send(pnlUpdate('s1', 9_750, T0 + 5 * M), pnlUpdate('s1', 9_740, T0 + 6 * M))).toEqual([]);
  });

  it('a cancel after a part filled flattens the rest', () => {
    const g = liquidated();
    g.send(orderNew('o2', 's1', 'BTC-USDT', 'sell', 5, T0 + M), fill('o2', 'BTC-USDT', 'sell', 2, 98, 3, T0 + M), orderCancel('o2', T0 + M));
    expect(targetsOf(g.send(pnlUpdate('s1', 9_780, T0 + 2 * M)))).toEqual([[{ instrument: 'BTC-USDT', qty: 0, reason: 'liquidation: strategy s1 drawdown 2.2% reached 2%' }]]);
  });

  it('the count starts again once the drawdown is back above the level (a new episode)', () => {
    const g = liquidated();
    for (const [k, equity] of [9_780, 9_770].entries()) {
      g.send(orderNew(`r${k}`, 's1', 'BTC-USDT', 'sell', 5, T0 + (k + 1) * M), orderReject(`r${k}`, 'no liquidity', T0 + (k + 1) * M));
      expect(targetsOf(g.send(pnlUpdate('s1', equity, T0 + (k + 2) * M)))).toHaveLength(1);
    }
    g.send(orderNew('r2', 's1', 'BTC-USDT', 'sell', 5, T0 + 3 * M), orderReject('r2', 'no liquidity', T0 + 3 * M));
    // Recovered to 1.5 % below the peak: the episode ends; no flattening there.
    expect(g.send(pnlUpdate('s1', 9_850, T0 + 4 * M))).toEqual([]);
    // Down at the level again: a new episode flattens what is still held.
    expect(targetsOf(g.send(pnlUpdate('s1', 9_790, T0 + 5 * M)))).toEqual([[{ instrument: 'BTC-USDT', qty: 0, reason: 'liquidation: strategy s1 drawdown 2.1% reached 2%' }]]);
  });

  it('a rejected order that was not to flatten leaves the approved target as it was', () => {
    const g = liquidated();
    // The flattening filled: flat, and that episode's count is gone.
    g.send(orderNew('o2', 's1', 'BTC-USDT', 'sell', 5, T0 + M), fill('o2', 'BTC-USDT', 'sell', 5, 98, 0, T0 + M));
    // A buy the venue refuses (approved earlier as a target of 3): the target stands.
    g.send(candle('BTC-USDT', 98, T0 + 2 * M), pnlUpdate('s1', 10_100, T0 + 2 * M));
    expect(targetsOf(g.send(intent('s1', [{ instrument: 'BTC-USDT', qty: 3 }], T0 + 2 * M, 1)))).toEqual([[{ instrument: 'BTC-USDT', qty: 3 }]]);
    g.send(orderNew('o3', 's1', 'BTC-USDT', 'buy', 3, T0 + 2 * M), orderReject('o3', 'insufficient margin', T0 + 2 * M));
    const restored = riskFromSnapshot(JSON.parse(JSON.stringify(riskToSnapshot(g.state))));
    expect(restored.books.get('s1')?.targets.get('BTC-USDT')).toBe(3);
    expect([...(restored.books.get('s1')?.liquidations ?? [])]).toEqual([]);
  });
});
