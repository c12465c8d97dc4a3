'use client';
// Orders & risk wired to the gateway: the order table from REST plus the live `orders` topic, risk
// limits and usage polled, the kill switch over POST /halt with the live `halt` topic as the truth.
import { useState } from 'react';
import type { HaltRequest, OrdersResponse, RiskView } from '../../shared/api';
import type { HaltState, OrderRow } from '../../shared/live';
import { api } from '../api';
import { useLiveFeed } from '../layout/live-feed';
import { usePolled } from '../layout/use-polled';
import { Panel } from '../ui/panel';
import { ErrorNote, Loading } from '../ui/states';
import { HaltControl } from './halt-control';
import { mergeOrders } from './order-rows';
import { OrderTable } from './order-table';
import { RiskUsage } from './risk-usage';

export function OrdersPage() {
  const [liveOrders, setLiveOrders] = useState<OrderRow[]>([]);
  const [liveHalt, setLiveHalt] = useState<HaltState>();
  useLiveFeed(['orders', 'halt'], (updates) => {
    const orders = updates.flatMap((u) => (u.kind === 'order' ? [u.order] : []));
    if (orders.length > 0) setLiveOrders((o) => mergeOrders(o, orders));
    for (const u of updates) if (u.kind === 'halt') setLiveHalt(u.halt);
  });
  const rest = usePolled(() => api.get<OrdersResponse>('/orders?limit=200'), 15_000);
  const risk = usePolled(() => api.get<RiskView>('/risk'), 2000);
  const orders = mergeOrders(rest.data?.orders ?? [], liveOrders);
  const halt = liveHalt ?? risk.data?.halt;

  const setHalt = async (halted: boolean, reason?: string) => {
    const body: HaltRequest = reason === undefined ? { halted } : { halted, reason };
    // The answer is the new state: show it at once; the live `halt` topic confirms it.
    const state = await api.post<HaltState | undefined>('/halt', body);
    if (state !== undefined && typeof state.halted === 'boolean') setLiveHalt({ halted: state.halted, reason: state.reason, since: state.since });
    risk.reload();
  };

  return (
    <div className="mx-auto grid max-w-[1400px] grid-cols-1 gap-4 p-4 xl:grid-cols-[1fr_380px]">
      <Panel title={`Orders (${orders.length})`} className="min-w-0">
        {rest.error !== undefined && <ErrorNote>Orders unavailable: {rest.error}</ErrorNote>}
        {rest.loading && rest.data === undefined ? <Loading what="orders" /> : <OrderTable orders={orders} />}
      </Panel>
      <div className="space-y-4">
        <Panel title="Global kill switch">
          <HaltControl halt={halt} onSet={setHalt} />
        </Panel>
        <Panel title="Risk limits · usage">
          {risk.error !== undefined && <ErrorNote>Risk view unavailable: {risk.error}</ErrorNote>}
          {risk.loading && risk.data === undefined ? <Loading what="risk limits" /> : risk.data !== undefined && <RiskUsage usage={risk.data.usage} />}
          {risk.data !== undefined && (
            <details className="mt-3 text-xs text-slate-400">
              <summary className="cursor-pointer select-none">limits as configured (KV risk.limits)</summary>
              <pre className="mt-1 max-h-64 overflow-auto rounded border border-abyss-700 bg-abyss-950 p-2 font-mono text-[11px] text-slate-300">{JSON.stringify(risk.data.limits, null, 2)}</pre>
            </details>
          )}
        </Panel>
      </div>
    </div>
  );
}
