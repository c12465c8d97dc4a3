import { createEvent, eventId, type HeliosEvent } from '@helios/contracts';
import { step } from '@helios/domain-core';
import { createPortfolioDecider } from '@helios/domain-portfolio';
import { analyseRun } from './chaos-analysis';
import { canonicalRunHash, settledPnl } from './event-log';

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

/** A portfolio with an open position, then a bar whose open fills an order: the two arrival orders of that bar and its fill. */
function portfolioRuns(): { markFirst: HeliosEvent[]; fillFirst: HeliosEvent[] } {
  const minute = 60_000;
  const candleAt = (i: number, open: number, close: number) =>
    createEvent(
      'md.candle',
      { venue: 'sim', symbol: 'BTC-USDT', tf: '1m', openTime: i * minute, closeTime: i * minute + minute - 1, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1, closed: true },
      { id: eventId('sim', 'BTC-USDT', '1m', i * minute), ts: i * minute + minute - 1, src: 'market-data', run: 'chaos' },
    );
  const order = (strategyId: string, clientOrderId: string, side: 'buy' | 'sell', ts: number) =>
    createEvent('order.new', { account: 'paper', clientOrderId, instrument: 'BTC-USDT', side, type: 'market', qty: 1, strategyId }, { id: eventId('order', clientOrderId), ts, src: 'order-engine', run: 'chaos' });
  const fillOf = (o: HeliosEvent<'order.new'>, bar: HeliosEvent<'md.candle'>) =>
    createEvent(
      'order.fill',
      { account: 'paper', clientOrderId: o.payload.clientOrderId, fillId: `${o.payload.clientOrderId}-1`, instrument: 'BTC-USDT', side: o.payload.side, qty: 1, price: bar.payload.open, fee: 0.1, liquidity: 'taker', remainingQty: 0 },
      { id: eventId('fill', o.payload.clientOrderId), ts: bar.ts, src: 'paper-exchange', run: 'chaos', cause: bar.id, corr: bar.id },
    );
  const bars = [candleAt(0, 100, 100), candleAt(1, 101, 104), candleAt(2, 106, 103), candleAt(3, 102, 108)];
  const buyA = order('a', 'a1', 'buy', bars[0].ts);
  const buyB = order('b', 'b1', 'buy', bars[1].ts);
  const sellA = order('a', 'a2', 'sell', bars[2].ts);
  const feed = (fillFirst: boolean): HeliosEvent[] => {
    const d = createPortfolioDecider({ defaultCapital: 1_000, emitEveryBar: true });
    let state = d.initialState();
    const log: HeliosEvent[] = [];
    const deliver = (e: HeliosEvent) => {
      const r = step(d, state, e as never);
      state = r.state;
      log.push(e, ...r.outputs);
    };
    const bar = (i: number, fills: HeliosEvent[]) => (fillFirst ? [...fills, bars[i]] : [bars[i], ...fills]).forEach(deliver);
    bar(0, []);
    deliver(buyA);
    bar(1, [fillOf(buyA, bars[1])]);
    deliver(buyB);
    bar(2, [fillOf(buyB, bars[2])]);
    deliver(sellA);
    bar(3, [fillOf(sellA, bars[3])]);
    return log;
  };
  return { markFirst: feed(false), fillFirst: feed(true) };
}

describe('canonicalRunHash over P&L', () => {
  it('is the same whether the portfolio marked a bar before or after the fills the bar caused', () => {
    const { markFirst, fillFirst } = portfolioRuns();
    const pnlOf = (log: HeliosEvent[]) => log.filter((e) => e.type.startsWith('pnl.')).map((e) => JSON.stringify(e));
    // The P&L events in between do differ with the order (values, ids, and how many there are).
    expect(pnlOf(fillFirst)).not.toEqual(pnlOf(markFirst));
    expect(settledPnl(fillFirst)).toEqual(settledPnl(markFirst));
    expect(canonicalRunHash(fillFirst)).toBe(canonicalRunHash(markFirst));
  });

  it('changes with a settled P&L value, a trading event or a duplicated trading event', () => {
    const { markFirst } = portfolioRuns();
    const base = canonicalRunHash(markFirst);
    const lastGlobal = markFirst.map((e) => e.type).lastIndexOf('pnl.global');
    const g = markFirst[lastGlobal] as HeliosEvent<'pnl.global'>;
    const otherEquity = markFirst.map((e, i) => (i === lastGlobal ? { ...g, payload: { ...g.payload, equity: g.payload.equity + 0.01 } } : e));
    expect(canonicalRunHash(otherEquity)).not.toBe(base);
    const fillIndex = markFirst.findIndex((e) => e.type === 'order.fill');
    const f = markFirst[fillIndex] as HeliosEvent<'order.fill'>;
    expect(canonicalRunHash(markFirst.map((e, i) => (i === fillIndex ? { ...f, payload: { ...f.payload, fee: 0.2 } } : e)))).not.toBe(base);
    expect(canonicalRunHash([...markFirst, f])).not.toBe(base);
    // A P&L event stored earlier than it was (an older value of the same bar last) changes the settled P&L.
    const firstOfLastBar = markFirst.findIndex((e) => e.type.startsWith('pnl.') && e.ts === g.ts);
    expect(canonicalRunHash([...markFirst, markFirst[firstOfLastBar]])).not.toBe(base);
  });
});

describe('canonicalRunHash over fills', () => {
  it('is the same when two orders reached the exchange in either order (their fills swap envelope ids), not when a fill differs', () => {
    const base = story();
    const second = fill('f2', 'o2', 3, 0);
    const inOrder = [...base, second];
    // The exchange numbered the two fills of the bar the other way round.
    const swapped = inOrder.map((e) => (e.id === 'f1' ? { ...e, id: 'f2' } : e.id === 'f2' ? { ...e, id: 'f1' } : e));
    expect(canonicalRunHash(swapped)).toBe(canonicalRunHash(inOrder));
    expect(canonicalRunHash([...inOrder, second])).not.toBe(canonicalRunHash(inOrder));
    expect(canonicalRunHash([...base, fill('f2', 'o2', 3.0001, 0)])).not.toBe(canonicalRunHash(inOrder));
  });
});
