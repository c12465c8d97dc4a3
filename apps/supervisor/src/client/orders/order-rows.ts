// The order table's rows: the REST snapshot merged with live lifecycle updates, one row per client
// order id (the newest state wins), newest first.
import type { OrderRow } from '../../shared/live';

export function mergeOrders(current: readonly OrderRow[], updates: readonly OrderRow[], limit = 200): OrderRow[] {
  const byId = new Map(current.map((o) => [o.clientOrderId, o]));
  for (const u of updates) {
    const before = byId.get(u.clientOrderId);
    if (before === undefined || u.updatedAt >= before.updatedAt) byId.set(u.clientOrderId, u);
  }
  return [...byId.values()].sort((a, b) => b.updatedAt - a.updatedAt || (a.clientOrderId < b.clientOrderId ? -1 : 1)).slice(0, limit);
}
