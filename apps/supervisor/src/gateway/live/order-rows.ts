import type { HeliosEvent } from '@helios/contracts';
import type { OrderRow } from '../../shared/live';

type OrderEvent = HeliosEvent<'order.new'> | HeliosEvent<'order.ack'> | HeliosEvent<'order.fill'> | HeliosEvent<'order.cancel'> | HeliosEvent<'order.reject'>;

export function isOrderEvent(event: HeliosEvent): event is OrderEvent {
  return event.type.startsWith('order.');
}

/**
 * Folds one order lifecycle event into the row of its order (a new row when the order is new to us;
 * an ack or fill whose `order.new` we never saw still gets a row with what it tells). Returns the
 * updated row. Fills average their prices by quantity.
 */
export function applyOrderEvent(rows: Map<string, OrderRow>, event: OrderEvent, receivedAt: number): OrderRow {
  const p = event.payload;
  const prev = rows.get(p.clientOrderId);
  const base: OrderRow = prev ?? { clientOrderId: p.clientOrderId, instrument: '?', side: 'buy', state: 'new', filledQty: 0, updatedAt: receivedAt, eventTs: event.ts };
  let row: OrderRow;
  switch (event.type) {
    case 'order.new': {
      const n = event.payload;
      row = { ...base, instrument: n.instrument, side: n.side, strategyId: n.strategyId ?? base.strategyId, qty: n.qty ?? base.qty, state: prev ? base.state : 'new' };
      break;
    }
    case 'order.ack':
      row = { ...base, state: base.state === 'new' ? 'ack' : base.state };
      break;
    case 'order.fill': {
      const f = event.payload;
      const filledQty = base.filledQty + f.qty;
      const avgPrice = ((base.avgPrice ?? 0) * base.filledQty + f.price * f.qty) / filledQty;
      row = {
        ...base,
        instrument: f.instrument,
        side: f.side,
        strategyId: f.strategyId ?? base.strategyId,
        filledQty,
        avgPrice,
        qty: base.qty ?? filledQty + f.remainingQty,
        state: f.remainingQty > 0 ? 'partially-filled' : 'filled',
      };
      break;
    }
    case 'order.cancel':
      row = { ...base, state: 'cancelled', reason: event.payload.reason ?? base.reason };
      break;
    case 'order.reject':
      row = { ...base, state: 'rejected', reason: event.payload.reason };
      break;
  }
  row.updatedAt = Math.max(receivedAt, event.ts);
  // Lifecycle events may arrive out of order (a fill before its ack): keep the latest.
  row.eventTs = Math.max(base.eventTs, event.ts);
  rows.set(row.clientOrderId, row);
  return row;
}

/** Keeps the map to the `max` most recently updated orders (Map order = insertion order; updates re-insert). */
export function trimOrders(rows: Map<string, OrderRow>, max: number): void {
  while (rows.size > max) {
    const oldest = rows.keys().next().value as string;
    rows.delete(oldest);
  }
}

/** Newest first. */
export function newestOrders(rows: Map<string, OrderRow>, limit: number): OrderRow[] {
  return [...rows.values()].sort((a, b) => b.updatedAt - a.updatedAt).slice(0, limit);
}
