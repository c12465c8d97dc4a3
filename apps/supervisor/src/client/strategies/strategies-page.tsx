'use client';
// Strategies & charts: a card per configured strategy (GET /strategies, live `pnl`), and the chart
// with its selector: raw price, one strategy (its signals and P&L), or a comparison of several.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CommandAccepted, LiveInstrument, SignalRow, StrategySummary } from '../../shared/api';
import type { CandleBar, LiveTopic, LiveUpdate } from '../../shared/live';
import { api } from '../api';
import { usePolled } from '../layout/use-polled';
import { useLive } from '../live';
import { Panel } from '../ui/panel';
import { EmptyState, ErrorNote, Loading } from '../ui/states';
import { StrategyCards, type CardCommand } from './strategy-cards';
import { StrategyChart } from './strategy-chart';
import { appendPnl, chartSymbol, mergeCandles, pnlPointsOf, type ChartMode, type PnlHistory } from './strategy-view-model';

const DEFAULT_SYMBOL = 'BTC-USDT';
const NO_SIGNALS: SignalRow[] = [];
const sel = 'rounded border border-abyss-600 bg-abyss-950 px-2 py-1 text-xs text-slate-100';

export function StrategiesPage() {
  const [view, setView] = useState<'price' | 'strategy' | 'compare'>('price');
  const [picked, setPicked] = useState<string[]>([]);
  const [pnl, setPnl] = useState<PnlHistory>({});
  const [candles, setCandles] = useState<CandleBar[]>([]);

  const list = usePolled(() => api.get<StrategySummary[]>('/strategies'), 5_000);
  const strategies = list.data;
  const focus = view === 'strategy' ? picked[0] : undefined;
  // A failed signals read keeps the last markers: the chart is still worth showing without them.
  const signals = usePolled(
    () => (focus === undefined ? Promise.resolve(NO_SIGNALS) : api.get<SignalRow[]>(`/strategies/${encodeURIComponent(focus)}/signals?limit=500`)),
    5_000,
    focus ?? '',
  );
  const mode: ChartMode = view === 'compare' ? { kind: 'compare', ids: picked } : focus !== undefined ? { kind: 'strategy', id: focus } : { kind: 'price' };
  const live = usePolled(async () => (await api.get<{ instruments: LiveInstrument[] }>('/instruments')).instruments, 30_000);
  const symbol = chartSymbol(strategies, focus, live.data, DEFAULT_SYMBOL);
  const topics = useMemo<LiveTopic[]>(() => ['pnl', `candles:${symbol}`], [symbol]);

  useEffect(() => setCandles([]), [symbol]);

  const onUpdates = useCallback((updates: LiveUpdate[]) => {
    const bars: CandleBar[] = [];
    for (const u of updates) if (u.kind === 'candle') bars.push(u.bar);
    const pnls = pnlPointsOf(updates);
    if (bars.length > 0) setCandles((c) => mergeCandles(c, bars));
    if (pnls.length > 0) setPnl((h) => appendPnl(h, pnls));
  }, []);
  const feed = useLive(topics, onUpdates);

  const [pending, setPending] = useState<string>();
  const [notice, setNotice] = useState<{ tone: 'info' | 'error'; text: string }>();
  const command = async (id: string, what: CardCommand) => {
    setPending(id);
    try {
      const done = await api.post<CommandAccepted & { note?: string }>(`/strategies/${encodeURIComponent(id)}/${what}`);
      setNotice({ tone: 'info', text: `${done.command} ${id}${done.note !== undefined ? `: ${done.note}` : ''}` });
    } catch (err) {
      setNotice({ tone: 'error', text: `${what} ${id} failed: ${(err as Error).message}` });
    } finally {
      setPending(undefined);
      list.reload();
    }
  };

  // "One strategy" with none chosen shows the first one rather than an empty choice.
  const chooseView = (next: typeof view) => {
    setView(next);
    if (next === 'strategy' && picked.length === 0 && strategies !== undefined && strategies.length > 0) setPicked([strategies[0].id]);
  };
  const toggle = (id: string) => setPicked((p) => (view === 'compare' ? (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]) : [id]));

  return (
    <main className="space-y-3 p-4" data-testid="strategies-page">
      {list.error !== undefined && <ErrorNote>{list.error}</ErrorNote>}
      {strategies === undefined && list.error === undefined && <Loading what="strategies" />}
      {strategies !== undefined && strategies.length === 0 && <EmptyState title="No strategies configured">Deploy one from the builder, or start the demo with tools/up.</EmptyState>}
      {strategies !== undefined && strategies.length > 0 && (
        <StrategyCards strategies={strategies} pnl={pnl} selected={view === 'price' ? [] : picked} onSelect={toggle} onCommand={(id, what) => void command(id, what)} pending={pending} />
      )}
      {notice !== undefined && (
        <p role="status" className={`text-xs ${notice.tone === 'error' ? 'text-neon-red' : 'text-neon-cyan'}`}>
          {notice.text}
        </p>
      )}
      <Panel
        title={`Chart · ${symbol}`}
        actions={
          <>
            <span className={`text-[10px] ${feed.status === 'open' ? 'text-neon-green' : 'text-neon-yellow'}`}>live {feed.status}</span>
            <select aria-label="chart view" className={sel} value={view} onChange={(e) => chooseView(e.target.value as typeof view)}>
              <option value="price">Raw price</option>
              <option value="strategy">One strategy</option>
              <option value="compare">Compare strategies</option>
            </select>
            {view !== 'price' && (
              <select aria-label="strategy" className={sel} multiple={view === 'compare'} value={view === 'compare' ? picked : (picked[0] ?? '')} onChange={(e) => setPicked([...e.target.selectedOptions].map((o) => o.value))}>
                {view === 'strategy' && <option value="">choose…</option>}
                {(strategies ?? []).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.id}
                  </option>
                ))}
              </select>
            )}
          </>
        }
      >
        <StrategyChart mode={mode} candles={candles} signals={signals.data ?? NO_SIGNALS} pnl={pnl} />
      </Panel>
    </main>
  );
}
