import { createOrdersDecider, type OrdersInput } from './orders-decider';
import { ACCOUNT, ack, approval, candle, engine, fill, halt, T0 } from './orders-events.testing';

const config = { account: ACCOUNT, initialCapital: 10_000, defaultLotSize: 0.01 };

describe('orders: global halt', () => {
  it('sends nothing while halted, flattening included, and records the dropped approvals', () => {
    const e = engine(createOrdersDecider(config));
    const [buy] = e.send(candle('BTC-USDT', 100), approval('s1', [{ instrument: 'BTC-USDT', qty: 3 }], T0, 1));
    e.send(fill(buy.payload.clientOrderId, 'buy', 3, 100, 0), halt(true));
    expect(e.send(approval('s1', [{ instrument: 'BTC-USDT', qty: 5 }], T0, 2))).toEqual([]);
    expect(e.send(approval('s1', [{ instrument: 'BTC-USDT', weight: 0 }], T0, 3))).toEqual([]);
    expect(e.state.anomalies.map((a) => [a.kind, a.message])).toEqual([
      ['approvalWhileHalted', 'approval for strategy s1 dropped: trading is halted'],
      ['approvalWhileHalted', 'approval for strategy s1 dropped: trading is halted'],
    ]);
    // Lifted: the next approval trades again.
    const after = e.send(halt(false, T0 + 1), approval('s1', [{ instrument: 'BTC-USDT', qty: 0 }], T0 + 1, 4));
    expect(after.map((o) => [o.payload.side, o.payload.qty])).toEqual([['sell', 3]]);
  });
});

describe('orders: replay', () => {
  const story = (): OrdersInput[] => {
    const first = approval('s1', [{ instrument: 'BTC-USDT', weight: 1 }, { instrument: 'ETH-USDT', qty: -2 }], T0, 1);
    return [candle('BTC-USDT', 100), candle('ETH-USDT', 50), first, approval('s2', [{ instrument: 'BTC-USDT', qty: 1.5 }], T0, 2)];
  };

  it('replaying the same events gives the same orders and client ids, byte for byte', () => {
    const a = engine(createOrdersDecider(config));
    const b = engine(createOrdersDecider(config));
    a.send(...story());
    b.send(...story());
    expect(a.sent).toHaveLength(3);
    expect(JSON.stringify(b.sent)).toBe(JSON.stringify(a.sent));
    expect(a.sent.every((o) => o.payload.clientOrderId === o.id)).toBe(true);
    expect(new Set(a.sent.map((o) => o.id)).size).toBe(3);
  });

  it('redelivering an approval after its orders were recorded sends nothing new', () => {
    const e = engine(createOrdersDecider(config));
    const events = story();
    e.send(...events);
    const [order] = e.sent;
    e.send(ack(order.payload.clientOrderId));
    expect(e.send(events[2], events[3])).toEqual([]);
  });
});
