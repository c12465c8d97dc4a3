import type { OrderRecord, OrdersState } from './orders-state';
import { isTerminal } from './orders-state';

/** Orders still open at the venue, optionally of one strategy, in the order they were sent. */
export function workingOrders(state: OrdersState, strategyId?: string): OrderRecord[] {
  const open: OrderRecord[] = [];
  for (const o of state.orders.values()) if (!isTerminal(o.status) && (strategyId === undefined || o.strategyId === strategyId)) open.push(o);
  return open;
}

/** A strategy's position in an instrument from the fills of its orders. */
export function strategyPosition(state: OrdersState, strategyId: string, instrument: string): number {
  return state.books.get(strategyId)?.slots.get(instrument)?.position ?? 0;
}
