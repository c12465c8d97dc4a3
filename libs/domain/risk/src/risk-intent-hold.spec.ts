import { derivedId } from '@helios/contracts';
import { createRiskDecider, type RiskInput, type RiskOutput } from './risk-decider';
import type { RiskConfigInput } from './risk-config';
import { candle, gate, halt, intent, T0, tick } from './risk-events.testing';
import { riskFromSnapshot, riskToSnapshot } from './snapshot';

/*
 * The gate's price rule: live, bar t's intent (candle -> runner -> intent) can reach the gate
 * before bar t's candle (candle only). Checked at once, its price limits would be judged at bar
 * t-1's close; a backtest always has bar t's candle first. The decisions must be the same either
 * way: the intent is held and decided when its bar's price arrives, with the same ids.
 */

const M = 60_000;
const T1 = T0;
const T2 = T0 + M;
const T3 = T0 + 2 * M;
const T4 = T0 + 3 * M;
const BTC = 'BTC-USDT';
const ETH = 'ETH-USDT';
const S1 = { allocation: 1, initialEquity: 10_000 };

const encode = (outputs: readonly RiskOutput[]): string => JSON.stringify(outputs);
const heldIds = (g: ReturnType<typeof gate>) => g.state.held.map((h) => h.id);

/** The gate's first decision on intent `i`, as an envelope written out: the gate's, caused by `i`, at time `ts`. */
function decision(i: RiskInput, type: 'risk.approved' | 'risk.rejected', ts: number, payload: Record<string, unknown>) {
  return { id: derivedId(i.id, type, 0), type, v: 1, ts, src: 'risk-gate', run: i.run, corr: i.id, cause: i.id, payload };
}

/** The gate's answer to 10 units of BTC at 110 under a 1 050 notional limit, as of the intent's bar 3. */
function notionalRejection(i: RiskInput) {
  return decision(i, 'risk.rejected', T3, {
    strategyId: 's1',
    instrument: BTC,
    requestedQty: 10,
    reasons: [{ rule: 'maxOrderNotional', message: 'order notional 1100 exceeds 1050', limit: 1_050, value: 1_100 }],
  });
}

/** Both arrival orders of bar 3's candle and intent after `history`: the decisions when the candle comes first, and the gate that got the intent first. */
function race(config: RiskConfigInput, history: RiskInput[], bar3: RiskInput, i: RiskInput) {
  const candleFirst = gate(createRiskDecider(config));
  candleFirst.send(...history);
  const expected = candleFirst.send(bar3, i);

  const intentFirst = gate(createRiskDecider(config));
  intentFirst.send(...history);
  const early = intentFirst.send(i);
  return { candleFirst, expected, intentFirst, early };
}

describe('risk gate: an intent racing its own bar\'s candle', () => {
  it('collar: the previous close would reject, the bar\'s own close approves; held, then the same approval, ids included', () => {
    const config = { strategies: { s1: S1 }, instrumentDefaults: { priceCollarBps: 300 } };
    // Bar 2 jumped 1 000 bps from bar 1; bar 3 moves 90.9 bps from bar 2.
    const history = [candle(BTC, 100, T1), candle(BTC, 110, T2)];
    const i = intent('s1', [{ instrument: BTC, qty: 1 }], T3, 3);
    // Judged at bar 2's marks, a target is refused by the collar.
    const atBar2 = gate(createRiskDecider(config));
    atBar2.send(...history);
    expect(atBar2.send(intent('s1', [{ instrument: BTC, qty: 1 }], T2, 2)).map((o) => o.type === 'risk.rejected' && o.payload.reasons.map((r) => r.rule))).toEqual([['priceCollar']]);

    const { candleFirst, expected, intentFirst, early } = race(config, history, candle(BTC, 111, T3), i);
    expect(expected).toEqual([decision(i, 'risk.approved', T3, { strategyId: 's1', targets: [{ instrument: BTC, qty: 1 }], limitsVersion: 0 })]);
    expect(early).toEqual([]);
    expect(heldIds(intentFirst)).toEqual([i.id]);

    expect(encode(intentFirst.send(candle(BTC, 111, T3)))).toBe(encode(expected));
    expect(intentFirst.state.held).toEqual([]);
    expect(encode(intentFirst.sent)).toBe(encode(candleFirst.sent));
    expect(riskToSnapshot(intentFirst.state)).toEqual(riskToSnapshot(candleFirst.state));
  });

  it('order notional: the previous close would approve, the bar\'s own close rejects; held, then the same rejection, ids included', () => {
    const config = { strategies: { s1: S1 }, instrumentDefaults: { maxOrderNotional: 1_050 } };
    // 10 units are worth 1 000 at bar 2's close and 1 100 at bar 3's.
    const history = [candle(BTC, 100, T1), candle(BTC, 100, T2)];
    const i = intent('s1', [{ instrument: BTC, qty: 10 }], T3, 3);

    const { candleFirst, expected, intentFirst, early } = race(config, history, candle(BTC, 110, T3), i);
    expect(expected).toEqual([notionalRejection(i)]);
    expect(early).toEqual([]);
    expect(heldIds(intentFirst)).toEqual([i.id]);

    expect(encode(intentFirst.send(candle(BTC, 110, T3)))).toBe(encode(expected));
    expect(intentFirst.state.held).toEqual([]);
    expect(encode(intentFirst.sent)).toBe(encode(candleFirst.sent));
  });

  it('a tick at or after the intent\'s time brings the price too; an earlier one does not', () => {
    const g = gate(createRiskDecider({ strategies: { s1: S1 } }));
    const i = intent('s1', [{ instrument: BTC, weight: 0.5 }], T3, 3);
    expect(g.send(candle(BTC, 100, T2), i, tick(BTC, 120, T3 - 1))).toEqual([]);
    expect(heldIds(g)).toEqual([i.id]);
    const released = g.send(tick(BTC, 125, T3));
    expect(released.map((o) => [o.type, o.id, o.ts, o.payload])).toEqual([
      ['risk.approved', derivedId(i.id, 'risk.approved', 0), T3, { strategyId: 's1', targets: [{ instrument: BTC, weight: 0.5 }], limitsVersion: 0 }],
    ]);
    // The weight was counted in units at the released decision's mark: 0.5 x 10 000 / 125.
    expect(g.state.books.get('s1')?.targets.get(BTC)).toBe(40);
  });
});

describe('risk gate: a flat target never waits for a price', () => {
  it.each([
    ['weight', { instrument: BTC, weight: 0 }],
    ['qty', { instrument: BTC, qty: 0 }],
  ])('a %s of 0 is decided at once, before its bar\'s candle', (_what, target) => {
    const g = gate(createRiskDecider({ strategies: { s1: S1 }, instrumentDefaults: { priceCollarBps: 300 } }));
    g.send(candle(BTC, 100, T1), candle(BTC, 110, T2));
    // Published by the kill switch at wall-clock time, after bar 2.
    const flat = intent('s1', [target], T2 + 30_000, 9);
    expect(g.send(flat)).toEqual([decision(flat, 'risk.approved', T2 + 30_000, { strategyId: 's1', targets: [target], limitsVersion: 0 })]);
    expect(g.state.held).toEqual([]);
  });

  it('an instrument with no mark at all is decided at once, by the noMark rule', () => {
    const g = gate(createRiskDecider({ strategies: { s1: S1 } }));
    g.send(candle(BTC, 100, T2));
    const i = intent('s1', [{ instrument: ETH, qty: 1 }], T3, 3);
    expect(g.send(i).map((o) => [o.id, o.type === 'risk.rejected' && o.payload.reasons])).toEqual([
      [derivedId(i.id, 'risk.rejected', 0), [{ rule: 'noMark', message: 'no mark for ETH-USDT: a price is needed to value the target' }]],
    ]);
    expect(g.state.held).toEqual([]);
  });
});

describe('risk gate: held intents are decided in arrival order, each after the one before', () => {
  it('a strategy\'s second intent sees the first one\'s approval in its order rate, as with the candle first', () => {
    const config = { strategies: { s1: { ...S1, orderRate: { maxApprovals: 1, windowMs: M } } } };
    const history = [candle(BTC, 100, T1), candle(BTC, 100, T2)];
    const first = intent('s1', [{ instrument: BTC, qty: 1 }], T3, 1);
    const second = intent('s1', [{ instrument: BTC, qty: 2 }], T3, 2);

    const candleFirst = gate(createRiskDecider(config));
    candleFirst.send(...history);
    const expected = candleFirst.send(candle(BTC, 100, T3), first, second);
    expect(expected.map((o) => [o.type, o.cause, o.type === 'risk.rejected' ? o.payload.reasons : o.payload.targets])).toEqual([
      ['risk.approved', first.id, [{ instrument: BTC, qty: 1 }]],
      ['risk.rejected', second.id, [{ rule: 'orderRate', message: 'this would be approval 2 of strategy s1 within 60000 ms, limit 1', limit: 1, value: 2 }]],
    ]);

    const intentsFirst = gate(createRiskDecider(config));
    intentsFirst.send(...history);
    expect(intentsFirst.send(first, second)).toEqual([]);
    expect(heldIds(intentsFirst)).toEqual([first.id, second.id]);
    expect(encode(intentsFirst.send(candle(BTC, 100, T3)))).toBe(encode(expected));
    expect(intentsFirst.state.held).toEqual([]);
    expect(riskToSnapshot(intentsFirst.state)).toEqual(riskToSnapshot(candleFirst.state));
  });

  it('another strategy\'s intent released by the same candle sees the first one\'s exposure', () => {
    const config = { strategies: { s1: S1, s2: S1 }, instrumentDefaults: { maxPositionQty: 5 } };
    const history = [candle(BTC, 100, T2)];
    const a = intent('s1', [{ instrument: BTC, qty: 4 }], T3, 1);
    const b = intent('s2', [{ instrument: BTC, qty: 4 }], T3, 2);

    const candleFirst = gate(createRiskDecider(config));
    candleFirst.send(...history);
    const expected = candleFirst.send(candle(BTC, 100, T3), a, b);
    expect(expected.map((o) => [o.cause, o.payload])).toEqual([
      [a.id, { strategyId: 's1', targets: [{ instrument: BTC, qty: 4 }], limitsVersion: 0 }],
      [b.id, { strategyId: 's2', targets: [{ instrument: BTC, qty: 1, reason: 'reduced to maxPositionQty' }], limitsVersion: 0 }],
    ]);

    const intentsFirst = gate(createRiskDecider(config));
    intentsFirst.send(...history);
    expect(intentsFirst.send(a, b)).toEqual([]);
    expect(encode(intentsFirst.send(candle(BTC, 100, T3)))).toBe(encode(expected));
  });

  it('a later intent of the strategy waits behind a held one even when its own price is there, flat included', () => {
    const g = gate(createRiskDecider({ strategies: { s1: S1 } }));
    g.send(candle(BTC, 100, T3), candle(ETH, 50, T2));
    const onEth = intent('s1', [{ instrument: ETH, qty: 1 }], T3, 1);
    const flatBtc = intent('s1', [{ instrument: BTC, weight: 0 }], T3, 2);
    expect(g.send(onEth, flatBtc)).toEqual([]);
    expect(heldIds(g)).toEqual([onEth.id, flatBtc.id]);
    // A BTC price releases nothing: the flat target waits for ETH's, behind the first intent.
    expect(g.send(tick(BTC, 101, T3 + 1))).toEqual([]);
    expect(g.send(candle(ETH, 51, T3)).map((o) => [o.type, o.cause])).toEqual([
      ['risk.approved', onEth.id],
      ['risk.approved', flatBtc.id],
    ]);
    expect(g.state.held).toEqual([]);
  });
});

describe('risk gate: a held intent never waits forever while prices flow', () => {
  it('a later candle of its instrument ends the wait for a bar that never came: decided at that close, as of its own time and id', () => {
    const g = gate(createRiskDecider({ strategies: { s1: S1 }, instrumentDefaults: { maxOrderNotional: 1_050 } }));
    const i = intent('s1', [{ instrument: BTC, qty: 10 }], T3, 3);
    expect(g.send(candle(BTC, 100, T2), i)).toEqual([]);
    // Another instrument's bar, or a price before the intent's time, changes nothing.
    expect(g.send(candle(ETH, 50, T4), tick(BTC, 101, T3 - 1))).toEqual([]);
    expect(heldIds(g)).toEqual([i.id]);
    // Bar 3's candle of BTC never came; bar 4's does: 10 units x 110 = 1 100.
    expect(g.send(candle(BTC, 110, T4))).toEqual([notionalRejection(i)]);
    expect(g.state.held).toEqual([]);
  });

  it('with its own feed silent, another instrument\'s price past the mark age ends the wait, and the old mark is judged stale', () => {
    const g = gate(createRiskDecider({ strategies: { s1: S1 }, instrumentDefaults: { maxMarkAgeMs: 2 * M } }));
    const i = intent('s1', [{ instrument: BTC, qty: 1 }], T4, 4);
    expect(g.send(candle(BTC, 100, T1), i, candle(ETH, 50, T4 + 2 * M))).toEqual([]);
    expect(g.send(tick(ETH, 50, T4 + 2 * M + 1)).map((o) => [o.id, o.type === 'risk.rejected' && o.payload.reasons])).toEqual([
      [derivedId(i.id, 'risk.rejected', 0), [{ rule: 'staleMark', message: 'last BTC-USDT mark is 180000 ms old, limit 120000 ms', limit: 2 * M, value: 3 * M }]],
    ]);
    expect(g.state.held).toEqual([]);
  });
});

describe('risk gate: a halt while intents are held', () => {
  it('rejects every held intent with the halt, at once, with the ids derived from each; nothing is dropped silently', () => {
    const g = gate(createRiskDecider({ strategies: { s1: S1, s2: S1 } }));
    const a = intent('s1', [{ instrument: BTC, qty: 1 }], T3, 1);
    const b = intent('s2', [{ instrument: BTC, weight: 0.5 }, { instrument: ETH, qty: 0 }], T3, 2);
    expect(g.send(candle(BTC, 100, T2), candle(ETH, 50, T2), a, b)).toEqual([]);
    expect(heldIds(g)).toEqual([a.id, b.id]);

    const halted = { rule: 'halt', message: 'trading is halted: manual stop (by operator)' };
    const rejections = g.send(halt(true, T3 - 1));
    expect(rejections.map((o) => [o.id, o.ts, o.payload])).toEqual([
      [derivedId(a.id, 'risk.rejected', 0), T3, { strategyId: 's1', instrument: BTC, requestedQty: 1, reasons: [halted] }],
      [derivedId(b.id, 'risk.rejected', 0), T3, { strategyId: 's2', instrument: BTC, requestedWeight: 0.5, reasons: [halted] }],
      [derivedId(b.id, 'risk.rejected', 1), T3, { strategyId: 's2', instrument: ETH, requestedQty: 0, reasons: [halted] }],
    ]);
    expect(g.state.held).toEqual([]);
    // The bar's candle finds nothing left to release; an intent during the halt is rejected at once.
    expect(g.send(candle(BTC, 101, T3))).toEqual([]);
    const during = intent('s1', [{ instrument: BTC, qty: 1 }], T4, 4);
    expect(g.send(during).map((o) => [o.id, o.type === 'risk.rejected' && o.payload.reasons])).toEqual([[derivedId(during.id, 'risk.rejected', 0), [halted]]]);
    expect(g.state.held).toEqual([]);
    expect(g.sent).toHaveLength(4);
  });
});

describe('risk gate: decide decides a release on a copy and leaves the state as it was', () => {
  it('candles, a tick and a halt around held intents change nothing until evolve, which then matches what decide said', () => {
    const decider = createRiskDecider({ strategies: { s1: { ...S1, orderRate: { maxApprovals: 2, windowMs: M } }, s2: S1 }, instrumentDefaults: { maxPositionQty: 5 } });
    const g = gate(decider);
    // s1 has a book (an order-rate ring, a target) before anything is held: a release must not write to it.
    expect(g.send(candle(BTC, 100, T2), candle(ETH, 50, T2), intent('s1', [{ instrument: BTC, qty: 1 }], T2, 0)).map((o) => o.type)).toEqual(['risk.approved']);
    g.send(
      intent('s1', [{ instrument: BTC, qty: 3 }], T3, 1),
      intent('s1', [{ instrument: BTC, qty: 4 }], T3, 2),
      intent('s2', [{ instrument: BTC, weight: 0.05 }, { instrument: ETH, qty: 2 }], T3, 3),
      intent('s2', [{ instrument: ETH, qty: 1 }], T4, 4),
    );
    expect(g.state.held).toHaveLength(4);
    /** decide on `input` must leave the state exactly as it was; stepping then gives exactly what decide said. */
    const pure = (input: RiskInput): RiskOutput[] => {
      const before = JSON.stringify(riskToSnapshot(g.state));
      const outputs = decider.decide(g.state, input);
      expect(JSON.stringify(riskToSnapshot(g.state))).toBe(before);
      expect(encode(g.send(input))).toBe(encode(outputs));
      return outputs;
    };
    // BTC's bar 3 releases s1's two intents; s2's first waits for ETH's too, its second behind it.
    expect(pure(candle(BTC, 100, T3)).map((o) => [o.type, o.payload])).toEqual([
      ['risk.approved', { strategyId: 's1', targets: [{ instrument: BTC, qty: 3 }], limitsVersion: 0 }],
      ['risk.approved', { strategyId: 's1', targets: [{ instrument: BTC, qty: 4 }], limitsVersion: 0 }],
    ]);
    expect(g.state.held).toHaveLength(2);
    // ETH's bar 3 releases s2's first; 0.05 x 10 000 / 100 = 5 BTC on top of s1's 4 leaves room for 1.
    expect(pure(tick(ETH, 50, T3)).map((o) => [o.type, o.payload])).toEqual([
      ['risk.approved', { strategyId: 's2', targets: [{ instrument: BTC, weight: 0.01, reason: 'reduced to maxPositionQty' }, { instrument: ETH, qty: 2 }], limitsVersion: 0 }],
    ]);
    // The halt rejects s2's last, still waiting for ETH's bar 4.
    expect(pure(halt(true, T3 + 1)).map((o) => [o.type, o.type === 'risk.rejected' && o.payload.reasons.map((r) => r.rule)])).toEqual([['risk.rejected', ['halt']]]);
    expect(g.state.held).toEqual([]);
  });
});

describe('risk snapshot: held intents', () => {
  it('round trip: a restored gate releases the held intent exactly like the one that kept running', () => {
    const config = { strategies: { s1: S1 }, instrumentDefaults: { priceCollarBps: 300 } };
    const running = gate(createRiskDecider(config));
    const i = intent('s1', [{ instrument: BTC, weight: 0.5 }], T3, 3);
    running.send(candle(BTC, 100, T1), candle(BTC, 110, T2), i);
    const snapshot = JSON.parse(JSON.stringify(riskToSnapshot(running.state)));
    expect(snapshot.held).toEqual([i]);

    const restored = riskFromSnapshot(snapshot);
    expect(riskToSnapshot(restored)).toEqual(snapshot);
    const bar3 = candle(BTC, 111, T3);
    const fromRestored = createRiskDecider(config).decide(restored, bar3);
    expect(encode(fromRestored)).toBe(encode(running.send(bar3)));
    expect(fromRestored.map((o) => [o.type, o.cause])).toEqual([['risk.approved', i.id]]);
  });

  it('a held entry that is not a valid strategy.intent event fails the restore, naming it', () => {
    const g = gate(createRiskDecider({ strategies: { s1: S1 } }));
    g.send(candle(BTC, 100, T2), intent('s1', [{ instrument: BTC, qty: 1 }], T3, 3));
    const snapshot = JSON.parse(JSON.stringify(riskToSnapshot(g.state)));
    snapshot.held[0].payload.targets = [];
    expect(() => riskFromSnapshot(snapshot)).toThrow(/held\[0\].*a valid strategy\.intent event: \/payload\/targets/);
  });
});
