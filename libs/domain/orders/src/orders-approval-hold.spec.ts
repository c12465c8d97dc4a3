import { createEvent, eventId, type HeliosEvent } from '@helios/contracts';
import { createOrdersDecider, type OrdersInput, type OrdersOutput } from './orders-decider';
import { ACCOUNT, approval, candle, engine, fill, halt, reject, RUN, T0 } from './orders-events.testing';
import { ordersFromSnapshot, ordersToSnapshot } from './snapshot';

/*
 * The hold rule: across a broker, a bar's approval (strategy, then risk gate) can reach the engine
 * before the exchange's answer to the order the strategy sent on the bar before. The orders must be
 * the same either way: the approval is held and sized when the answer arrives.
 */

const config = { account: ACCOUNT, initialCapital: 10_000, defaultLotSize: 0.01 };
const MINUTE = 60_000;
const T1 = T0;
const T2 = T0 + MINUTE;
const T3 = T0 + 2 * MINUTE;

/** Bar 1: all in (a quote-sized buy of the whole 10 000). Returns the engine and that buy. */
function allInAtBar1() {
  const e = engine(createOrdersDecider(config));
  const [buy] = e.send(candle('BTC-USDT', 100, T1), approval('s1', [{ instrument: 'BTC-USDT', weight: 1 }], T1, 1));
  expect(buy.payload).toMatchObject({ side: 'buy', quoteQty: 10_000 });
  return { e, buy };
}

/** The exchange's answer at bar 2's open: 10 000 / 104 = 96.15 lots of 0.01. */
const fillAtBar2 = (buy: OrdersOutput) => fill(buy.payload.clientOrderId, 'buy', 96.15, 104, 0, { ts: T2 });
const halfAtBar2 = () => approval('s1', [{ instrument: 'BTC-USDT', weight: 0.5 }], T2, 2);

const encode = (orders: readonly OrdersOutput[]): string => JSON.stringify(orders);

describe('orders: an approval racing the fill of an earlier order', () => {
  it('gives the same orders, ids included, whether the fill or the approval arrives first', () => {
    const fillFirst = allInAtBar1();
    const expected = fillFirst.e.send(candle('BTC-USDT', 110, T2), fillAtBar2(fillFirst.buy), halfAtBar2());
    // 96.15 held at 110 plus 0.4 cash is 10 576.9: half is 48.0768 units, sell 96.15 - 48.0768 floored to the lot.
    expect(expected.map((o) => [o.payload.side, o.payload.qty])).toEqual([['sell', 48.07]]);

    const approvalFirst = allInAtBar1();
    expect(approvalFirst.e.send(candle('BTC-USDT', 110, T2), halfAtBar2())).toEqual([]);
    expect(approvalFirst.e.state.held.map((h) => h.id)).toEqual([halfAtBar2().id]);
    const released = approvalFirst.e.send(fillAtBar2(approvalFirst.buy));

    expect(encode(released)).toBe(encode(expected));
    expect(approvalFirst.e.state.held).toEqual([]);
    expect(encode(approvalFirst.e.sent)).toBe(encode(fillFirst.e.sent));
  });

  it('a reject answers the order too: the held approval is then sized against no position', () => {
    const rejected = (buy: OrdersOutput) => reject(buy.payload.clientOrderId, T2);
    const again = () => approval('s1', [{ instrument: 'BTC-USDT', weight: 1 }], T2, 2);

    const rejectFirst = allInAtBar1();
    const expected = rejectFirst.e.send(candle('BTC-USDT', 110, T2), rejected(rejectFirst.buy), again());
    expect(expected.map((o) => [o.payload.side, o.payload.quoteQty])).toEqual([['buy', 10_000]]);

    const approvalFirst = allInAtBar1();
    expect(approvalFirst.e.send(candle('BTC-USDT', 110, T2), again())).toEqual([]);
    expect(encode(approvalFirst.e.send(rejected(approvalFirst.buy)))).toBe(encode(expected));
  });

  it('a newer approval queues behind a held one instead of replacing it, so both arrival orders agree', () => {
    const flatAtBar3 = () => approval('s1', [{ instrument: 'BTC-USDT', weight: 0 }], T3, 3);
    const secondFill = (sell: OrdersOutput) => fill(sell.payload.clientOrderId, 'sell', 48.07, 111, 0, { ts: T3 });

    const inOrder = allInAtBar1();
    const [sell] = inOrder.e.send(candle('BTC-USDT', 110, T2), fillAtBar2(inOrder.buy), halfAtBar2());
    const [flat] = inOrder.e.send(candle('BTC-USDT', 112, T3), secondFill(sell), flatAtBar3());
    expect([sell.payload.qty, flat.payload.qty]).toEqual([48.07, 96.15 - 48.07]);

    // The exchange lags two bars behind: both approvals arrive before its first answer.
    const lagging = allInAtBar1();
    expect(lagging.e.send(candle('BTC-USDT', 110, T2), halfAtBar2())).toEqual([]);
    expect(lagging.e.send(flatAtBar3())).toEqual([]);
    expect(lagging.e.state.held.map((h) => h.ts)).toEqual([T2, T3]);
    // The first answer releases bar 2's approval only: bar 3's now waits for bar 2's sell.
    expect(encode(lagging.e.send(fillAtBar2(lagging.buy)))).toBe(encode([sell]));
    expect(lagging.e.state.held.map((h) => h.ts)).toEqual([T3]);
    expect(lagging.e.send(candle('BTC-USDT', 112, T3))).toEqual([]);
    expect(encode(lagging.e.send(secondFill(sell)))).toBe(encode([flat]));
    expect(lagging.e.state.held).toEqual([]);
  });

  it('a halt drops held approvals: the answer that would have released them sends nothing', () => {
    const { e, buy } = allInAtBar1();
    e.send(candle('BTC-USDT', 110, T2), halfAtBar2());
    expect(e.send(halt(true, T2))).toEqual([]);
    expect(e.state.held).toEqual([]);
    expect(e.send(fillAtBar2(buy), halt(false, T2 + 1))).toEqual([]);
    expect(e.state.anomalies.map((a) => [a.kind, a.message])).toEqual([
      ['approvalWhileHalted', `held approval ${halfAtBar2().id} for strategy s1 dropped: trading is halted`],
    ]);
  });

  it('orders sent on the approval bar itself, and resting limit orders, never hold an approval', () => {
    const decider = createOrdersDecider(config);
    const e = engine(decider);
    e.send(candle('BTC-USDT', 100, T1));
    // The engine sends market orders only; a limit order can reach its state only as an output of its own.
    decider.evolve(e.state, limitBuy('L-1', T1));
    // The limit order (bar 1) is working at bar 2; only market orders are answered at the next bar.
    const [buy] = e.send(candle('BTC-USDT', 100, T2), approval('s1', [{ instrument: 'BTC-USDT', qty: 5 }], T2, 1));
    expect(buy.payload).toMatchObject({ side: 'buy', qty: 3 });
    // A second approval of the same bar counts the bar's own order as working, as before.
    expect(e.send(approval('s1', [{ instrument: 'BTC-USDT', qty: 6 }], T2, 2)).map((o) => o.payload.qty)).toEqual([1]);
    expect(e.state.held).toEqual([]);
  });

  it('is never indefinite: a later candle of the instrument releases an approval the exchange did not answer', () => {
    const { e } = allInAtBar1();
    expect(e.send(candle('BTC-USDT', 110, T2), halfAtBar2(), candle('ETH-USDT', 50, T3))).toEqual([]);
    // No answer to the bar-1 buy at bar 2 (latency, no volume): bar 3's candle releases the approval,
    // sized at that candle's close against the buy still working: 10 000 / 112 = 89.29 units working,
    // half the equity is 44.64 units, so sell 44.64; the order keeps the approval's bar time and id.
    const released = e.send(candle('BTC-USDT', 112, T3));
    expect(released.map((o) => [o.payload.side, o.payload.qty, o.ts, o.cause])).toEqual([['sell', 44.64, T2, halfAtBar2().id]]);
    expect(e.state.held).toEqual([]);
  });
});

/*
 * The price rule: a bar's approval can also overtake the bar's own candle (candles and approvals
 * reach the engine through different consumers). Sized at once, its weight would be valued at the
 * bar before's close; a backtest always has the bar's candle first.
 */
describe('orders: an approval racing its own bar\'s candle', () => {
  const tick = (price: number, ts: number) =>
    createEvent('md.tick', { venue: 'binance', symbol: 'BTC-USDT', price, size: 1, side: 'buy' }, { id: eventId('tick', ts), ts, src: 'market-data', run: RUN });

  /** Half in at bar 1, filled at bar 2's open at 100: 50 units and 5 000 cash. */
  function halfIn() {
    const e = engine(createOrdersDecider(config));
    const [buy] = e.send(candle('BTC-USDT', 100, T1), approval('s1', [{ instrument: 'BTC-USDT', weight: 0.5 }], T1, 1));
    expect(buy.payload).toMatchObject({ side: 'buy', quoteQty: 5_000 });
    e.send(candle('BTC-USDT', 100, T2), fill(buy.payload.clientOrderId, 'buy', 50, 100, 0, { ts: T2 }));
    return e;
  }
  const quarterAtBar3 = () => approval('s1', [{ instrument: 'BTC-USDT', weight: 0.25 }], T3, 3);

  it('waits for its candle and is sized at that close: the same orders, ids included, as when the candle comes first', () => {
    const candleFirst = halfIn();
    const expected = candleFirst.send(candle('BTC-USDT', 125, T3), quarterAtBar3());
    // At 125 the equity is 5 000 + 50 x 125 = 11 250, a quarter is 2 812.5 = 22.5 units: sell 27.5.
    // Sized at bar 2's close (100) it would have been a sell of 25.
    expect(expected.map((o) => [o.payload.side, o.payload.qty])).toEqual([['sell', 27.5]]);

    const approvalFirst = halfIn();
    expect(approvalFirst.send(quarterAtBar3())).toEqual([]);
    expect(approvalFirst.state.held.map((h) => h.id)).toEqual([quarterAtBar3().id]);
    expect(encode(approvalFirst.send(candle('BTC-USDT', 125, T3)))).toBe(encode(expected));
    expect(approvalFirst.state.held).toEqual([]);
    expect(encode(approvalFirst.sent)).toBe(encode(candleFirst.sent));
  });

  it('a tick at or after the approval\'s time also brings the price; an earlier one does not', () => {
    const e = halfIn();
    expect(e.send(quarterAtBar3(), tick(120, T3 - 1))).toEqual([]);
    const [sell] = e.send(tick(125, T3));
    expect([sell.payload.side, sell.payload.qty, sell.cause]).toEqual(['sell', 27.5, quarterAtBar3().id]);
    expect(e.state.held).toEqual([]);
  });

  it('a flat target needs no price and goes at once (the kill switch cannot wait for a bar)', () => {
    const { e, buy } = allInAtBar1();
    e.send(candle('BTC-USDT', 104, T2), fillAtBar2(buy));
    // Published by the runner at wall-clock time, after the last candle.
    const [flat] = e.send(approval('s1', [{ instrument: 'BTC-USDT', weight: 0 }], T2 + 30_000, 9));
    expect(flat.payload).toMatchObject({ side: 'sell', qty: 96.15 });
    expect(e.state.held).toEqual([]);
  });
});

describe('orders: decide sizes a release on a copy and leaves the state as it was', () => {
  it('answers and a candle around held approvals change nothing until evolve', () => {
    const decider = createOrdersDecider(config);
    const { e, buy } = allInAtBar1();
    // Held twice over: bar 2's approval waits for the buy's fill, bar 3's for its candle (and behind bar 2's).
    e.send(candle('BTC-USDT', 110, T2), halfAtBar2(), approval('s1', [{ instrument: 'BTC-USDT', weight: 0.25 }], T3, 3));
    expect(e.state.held).toHaveLength(2);
    /** decide on `input` must leave the state exactly as it was; evolve then sends exactly what decide said. */
    const pure = (input: OrdersInput): OrdersOutput[] => {
      const before = JSON.stringify(ordersToSnapshot(e.state));
      const working = [...e.state.working.values()].map((o) => ({ ...o, fillIds: [...o.fillIds] }));
      const outputs = decider.decide(e.state, input);
      expect(JSON.stringify(ordersToSnapshot(e.state))).toBe(before);
      expect([...e.state.working.values()]).toEqual(working);
      expect(encode(e.send(input))).toBe(encode(outputs));
      return outputs;
    };
    // The buy's fill releases bar 2's approval: a sell.
    const [sell] = pure(fillAtBar2(buy));
    expect(sell.payload).toMatchObject({ side: 'sell', qty: 48.07 });
    // Bar 3's candle brings bar 3's price, but its approval now waits for that sell's answer.
    expect(pure(candle('BTC-USDT', 120, T3))).toEqual([]);
    // The sell's fill at bar 3's open releases it.
    const released = pure(fill(sell.payload.clientOrderId, 'sell', 48.07, 120, 0, { ts: T3 }));
    expect(released.map((o) => o.cause)).toEqual([approval('s1', [{ instrument: 'BTC-USDT', weight: 0.25 }], T3, 3).id]);
    expect(e.state.held).toEqual([]);
    // Only bar 3's order is still working; the two answered ones are retained as finished.
    expect([...e.state.working.values()].map((o) => [o.clientOrderId, o.status])).toEqual([[released[0].id, 'new']]);
  });
});

describe('orders snapshot: held approvals', () => {
  it('round trip: a restored engine releases the held approval exactly like the one that kept running', () => {
    const running = allInAtBar1();
    running.e.send(candle('BTC-USDT', 110, T2), halfAtBar2());
    const snapshot = JSON.parse(JSON.stringify(ordersToSnapshot(running.e.state)));
    expect(snapshot.held).toEqual([halfAtBar2()]);

    const decider = createOrdersDecider(config);
    const restored = ordersFromSnapshot(snapshot);
    expect(ordersToSnapshot(restored)).toEqual(snapshot);
    const answer = fillAtBar2(running.buy);
    const fromRestored = decider.decide(restored, answer as OrdersInput);
    expect(encode(fromRestored)).toBe(encode(running.e.send(answer)));
    expect(fromRestored).toHaveLength(1);
  });

  it('a held entry that is not a valid risk.approved event fails the restore, naming it', () => {
    const { e } = allInAtBar1();
    e.send(candle('BTC-USDT', 110, T2), halfAtBar2());
    const snapshot = JSON.parse(JSON.stringify(ordersToSnapshot(e.state)));
    snapshot.held[0].payload.targets = [];
    expect(() => ordersFromSnapshot(snapshot)).toThrow(/held\[0\].*a valid risk\.approved event: \/payload\/targets/);
  });
});

function limitBuy(clientOrderId: string, ts: number): HeliosEvent<'order.new'> {
  return createEvent(
    'order.new',
    { account: ACCOUNT, clientOrderId, instrument: 'BTC-USDT', side: 'buy', type: 'limit', qty: 2, limitPrice: 90, strategyId: 's1' },
    { id: eventId('limit', clientOrderId), ts, src: 'manual', run: RUN },
  );
}
