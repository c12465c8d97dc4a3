import type { OrderRow } from '../../shared/live';
import { mergeOrders } from './order-rows';

const row = (id: string, state: OrderRow['state'], updatedAt: number, filledQty = 0): OrderRow => ({ clientOrderId: id, instrument: 'BTC-PERP', side: 'buy', state, qty: 1, filledQty, updatedAt, eventTs: updatedAt - 1 });

describe('mergeOrders', () => {
  it('keeps one row per order with its newest state, newest first', () => {
    const rest = [row('a', 'ack', 10), row('b', 'new', 20)];
    const merged = mergeOrders(rest, [row('a', 'filled', 30, 1), row('c', 'new', 25), row('b', 'ack', 15)]);
    expect(merged.map((o) => [o.clientOrderId, o.state])).toEqual([
      ['a', 'filled'],
      ['c', 'new'],
      ['b', 'new'],
    ]);
  });

  it('keeps at most `limit` rows', () => {
    const many = Array.from({ length: 10 }, (_, i) => row(`o${i}`, 'new', i));
    expect(mergeOrders([], many, 3).map((o) => o.clientOrderId)).toEqual(['o9', 'o8', 'o7']);
  });
});
