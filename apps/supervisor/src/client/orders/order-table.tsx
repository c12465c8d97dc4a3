import type { OrderRow } from '../../shared/live';
import { Badge } from '../ui/badge';
import { formatDateTime, formatTime } from '../ui/format';
import { EmptyState } from '../ui/states';
import type { Tone } from '../ui/status-colors';

const STATE_TONE: Record<OrderRow['state'], Tone> = {
  new: 'info',
  ack: 'info',
  'partially-filled': 'warning',
  filled: 'healthy',
  cancelled: 'stopped',
  rejected: 'error',
};

const qty = (x: number | undefined) => (x === undefined ? '—' : Number(x.toPrecision(8)).toString());

export function OrderTable({ orders }: { orders: readonly OrderRow[] }) {
  if (orders.length === 0) return <EmptyState title="No orders yet">Orders appear here as soon as the risk gate approves a strategy's target and the order engine sends it.</EmptyState>;
  return (
    <div className="max-h-[520px] overflow-auto">
      <table className="w-full text-left text-sm" aria-label="orders">
        <thead className="sticky top-0 bg-abyss-900 text-[11px] uppercase tracking-wider text-slate-500">
          <tr>
            <th className="px-2 py-1.5" title="The time of the bar the order's latest event happened at, as on the charts">
              event time (UTC)
            </th>
            <th className="px-2 py-1.5" title="When the supervisor received that event (wall clock)">
              received
            </th>
            <th className="px-2 py-1.5">order</th>
            <th className="px-2 py-1.5">strategy</th>
            <th className="px-2 py-1.5">instrument</th>
            <th className="px-2 py-1.5">side</th>
            <th className="px-2 py-1.5 text-right">qty</th>
            <th className="px-2 py-1.5 text-right">filled</th>
            <th className="px-2 py-1.5 text-right">avg price</th>
            <th className="px-2 py-1.5">state</th>
          </tr>
        </thead>
        <tbody className="font-mono text-xs">
          {orders.map((o) => (
            <tr key={o.clientOrderId} className="border-t border-abyss-800 hover:bg-abyss-800/50" data-testid="order-row">
              <td className="whitespace-nowrap px-2 py-1 text-slate-300" data-testid="order-event-time">
                {formatDateTime(o.eventTs)}
              </td>
              <td className="px-2 py-1 text-slate-500">{formatTime(o.updatedAt)}</td>
              <td className="max-w-[160px] truncate px-2 py-1 text-slate-300" title={o.clientOrderId}>
                {o.clientOrderId}
              </td>
              <td className="px-2 py-1 text-slate-300">{o.strategyId ?? '—'}</td>
              <td className="px-2 py-1 text-slate-200">{o.instrument}</td>
              <td className={`px-2 py-1 ${o.side === 'buy' ? 'text-neon-green' : 'text-neon-red'}`}>{o.side}</td>
              <td className="px-2 py-1 text-right">{qty(o.qty)}</td>
              <td className="px-2 py-1 text-right">{qty(o.filledQty)}</td>
              <td className="px-2 py-1 text-right">{o.avgPrice === undefined ? '—' : o.avgPrice.toFixed(2)}</td>
              <td className="px-2 py-1">
                <Badge tone={STATE_TONE[o.state]} title={o.reason}>
                  {o.state}
                </Badge>
                {o.reason !== undefined && <span className="ml-1 text-[10px] text-slate-500">{o.reason}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
