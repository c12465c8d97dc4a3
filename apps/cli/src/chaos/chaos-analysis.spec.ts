import type { HeliosEvent } from '@helios/contracts';
import { analyseRun } from './chaos-analysis';
import { canonicalRunHash } from './event-log';

const ev = (id: string, type: string, ts: number, payload: object, cause?: string) => ({ id, type, v: 1, ts, src: 't', run: 'chaos', cause, payload }) as unknown as HeliosEvent;
const candle = (openTime: number) => ev(`c${openTime}`, 'md.candle', openTime + 59_999, { openTime });
const fill = (id: string, order: string, qty: number, remainingQty: number) => ev(id, 'order.fill', 120_000, { clientOrderId: order, qty, price: 10, fee: 0, remainingQty }, 'c60000');

/** A complete bar-0 decision that fills at bar 1's open, with every consequence in the log. */
function story(): HeliosEvent[] {
  return [
    candle(0),
    ev('i1', 'strategy.intent', 59_999, {}, 'c0'),
    ev('a1', 'risk.approved', 59_999, {}, 'i1'),
    ev('o1', 'order.new', 59_999, { clientOrderId: 'o1' }, 'a1'),
    ev('k1', 'order.ack', 59_999, { clientOrderId: 'o1' }, 'o1'),
    candle(60_000),
    fill('f1', 'o1', 2, 0),
    ev('p1', 'pnl.update', 119_999, {}, 'f1'),
  ];
}
const logOf = (events: HeliosEvent[]) => events.map((event) => ({ stream: event.type.split('.')[0].toUpperCase(), event }));

describe('analyseRun', () => {
  it('finds nothing lost or doubled in a complete log equal to the reference', () => {
    const r = analyseRun(logOf(story()), [0, 60_000], story());
    expect(r).toMatchObject({ ordersSent: 1, duplicateOrders: 0, duplicateEvents: 0, lostEvents: 0, fills: 1, fillsMatchReference: true });
  });

  it('counts each kind of loss: a missing candle, decision, answer, fill and P&L', () => {
    const log = story().filter((e) => !['a1', 'k1', 'p1'].includes(e.id));
    const r = analyseRun(logOf(log), [0, 60_000, 120_000], story());
    expect(r.lost).toEqual({ candles: 1, strategyEvaluations: 0, intentsWithoutDecision: 1, approvalsWithoutOrder: 0, ordersWithoutAnswer: 1, ordersNotTerminal: 0, fillsWithoutPnl: 1 });
    expect(r.lostEvents).toBe(4);
    const noFill = analyseRun(logOf(story().filter((e) => e.id !== 'f1' && e.id !== 'p1')), [0, 60_000], story());
    expect(noFill.lost.ordersNotTerminal).toBe(1);
    expect(noFill.fillsMatchReference).toBe(false);
  });

  it('counts a client order id on two orders and an event stored twice', () => {
    const events = [...story(), ev('o2', 'order.new', 59_999, { clientOrderId: 'o1' }, 'a1'), ev('k2', 'order.ack', 59_999, {}, 'o2'), story()[1]];
    const r = analyseRun(logOf(events), [0, 60_000], story());
    expect([r.ordersSent, r.duplicateOrders, r.duplicateEvents]).toEqual([2, 1, 1]);
  });
});

describe('canonicalRunHash', () => {
  it('ignores arrival order but not a duplicate or a changed number', () => {
    const a = story();
    expect(canonicalRunHash([...a].reverse())).toBe(canonicalRunHash(a));
    expect(canonicalRunHash([...a, a[3]])).not.toBe(canonicalRunHash(a));
    const changed = a.map((e) => (e.id === 'f1' ? fill('f1', 'o1', 2.0001, 0) : e));
    expect(canonicalRunHash(changed)).not.toBe(canonicalRunHash(a));
  });
});
