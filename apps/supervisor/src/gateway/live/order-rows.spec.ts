import { exampleEvent, type HeliosEvent } from '@helios/contracts';
import type { OrderRow } from '../../shared/live';
import { applyOrderEvent, newestOrders } from './order-rows';

// A historical bar time (the demo replays 2021-2022 bars) against the wall clock of today.
const BAR = Date.UTC(2022, 0, 3, 14, 5);
const NOW = Date.UTC(2026, 10, 22, 9, 30, 1, 250);

function at<T extends 'order.new' | 'order.ack' | 'order.fill'>(type: T, ts: number, payload: Partial<HeliosEvent<T>['payload']> = {}): HeliosEvent<T> {
  const e = exampleEvent(type);
  return { ...e, ts, payload: { ...e.payload, ...payload } };
}

describe('applyOrderEvent: one row per order, its lifecycle folded in', () => {
  it('given a new order, an ack and two fills, the row has the fills averaged and the last event time of the bars', () => {
    const rows = new Map<string, OrderRow>();
    applyOrderEvent(rows, at('order.new', BAR, { qty: 0.4 }), NOW);
    applyOrderEvent(rows, at('order.ack', BAR), NOW + 5);
    applyOrderEvent(rows, at('order.fill', BAR + 60_000, { qty: 0.1, price: 100, remainingQty: 0.3 }), NOW + 900);
    const row = applyOrderEvent(rows, at('order.fill', BAR + 120_000, { fillId: 'PX-1-2', qty: 0.3, price: 200, remainingQty: 0 }), NOW + 1_900);
    expect(row).toEqual({
      clientOrderId: 'sma-cross-000001',
      strategyId: 'sma-cross',
      instrument: 'BTC-USDT',
      side: 'buy',
      qty: 0.4,
      filledQty: 0.4,
      avgPrice: 175,
      state: 'filled',
      updatedAt: NOW + 1_900,
      eventTs: BAR + 120_000,
    });
    expect([...rows.keys()]).toEqual(['sma-cross-000001']);
  });

  it('keeps the latest event time when a fill arrives before its ack', () => {
    const rows = new Map<string, OrderRow>();
    applyOrderEvent(rows, at('order.new', BAR), NOW);
    applyOrderEvent(rows, at('order.fill', BAR + 60_000, { remainingQty: 0.3 }), NOW + 10);
    const row = applyOrderEvent(rows, at('order.ack', BAR), NOW + 20);
    expect(row.eventTs).toBe(BAR + 60_000);
    expect(row.state).toBe('partially-filled');
    expect(row.updatedAt).toBe(NOW + 20);
  });

  it('lists the most recently received first', () => {
    const rows = new Map<string, OrderRow>();
    applyOrderEvent(rows, at('order.new', BAR, { clientOrderId: 'a' }), NOW);
    applyOrderEvent(rows, at('order.new', BAR - 60_000, { clientOrderId: 'b' }), NOW + 1);
    expect(newestOrders(rows, 10).map((o) => [o.clientOrderId, o.eventTs])).toEqual([
      ['b', BAR - 60_000],
      ['a', BAR],
    ]);
  });
});
