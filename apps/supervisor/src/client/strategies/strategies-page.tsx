'use client';
// Strategies & charts: a card per configured strategy (GET /strategies, live `pnl`), and the chart
// with its selector: raw price, one strategy (its signals and P&L), or a comparison of several.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SignalRow, StrategySummary } from '../../shared/api';
import type { CandleBar, LiveTopic, LiveUpdate, StrategyPnl } from '../../shared/live';
import { api } from '../api';
import { useLive } from '../live';
import { Panel } from '../ui/panel';
import { EmptyState, ErrorNote, Loading } from '../ui/states';
import { StrategyCards } from './strategy-cards';
import { StrategyChart } from './strategy-chart';
import { appendPnl, instrumentOf, mergeCandles, type ChartMode, type PnlHistory } from './strategy-view-model';

const DEFAULT_SYMBOL = 'BTC-USDT';
const sel = 'rounded border border-abyss-600 bg-abyss-950 px-2 py-1 text-xs text-slate-100';

export function StrategiesPage() {
  const [strategies, setStrategies] = useState<StrategySummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<'price' | 'strategy' | 'compare'>('price');
  const [picked, setPicked] = useState<string[]>([]);
  const [live, setLive] = useState<Record<string, StrategyPnl>>({});
  const [pnl, setPnl] = useState<PnlHistory>({});
  const [candles, setCandles] = useState<CandleBar[]>([]);
  const [signals, setSignals] = useState<SignalRow[]>([]);

  useEffect(() => {
    const load = () =>
      api.get<StrategySummary[] | { strategies: StrategySummary[] }>('/strategies').then(
        (r) => {
          setStrategies(Array.isArray(r) ? r : r.strategies);
          setError(null);
        },
        (e: Error) => setError(e.message),
      );
    void load();
    const timer = setInterval(load, 5_000);
    return () => clearInterval(timer);
  }, []);

  const focus = view === 'strategy' ? picked[0] : undefined;
  const mode: ChartMode = view === 'compare' ? { kind: 'compare', ids: picked } : focus !== undefined ? { kind: 'strategy', id: focus } : { kind: 'price' };
  const symbol = instrumentOf(strategies?.find((s) => s.id === focus)) ?? instrumentOf(strategies?.[0]) ?? DEFAULT_SYMBOL;
  const topics = useMemo<LiveTopic[]>(() => ['pnl', `candles:${symbol}`], [symbol]);

  useEffect(() => setCandles([]), [symbol]);
  useEffect(() => {
    if (focus === undefined) return setSignals([]);
    const ctl = new AbortController();
    const load = () =>
      api.get<SignalRow[] | { signals: SignalRow[] }>(`/strategies/${encodeURIComponent(focus)}/signals?limit=500`, { signal: ctl.signal }).then(
        (r) => setSignals(Array.isArray(r) ? r : r.signals),
        () => undefined,
      );
    void load();
    const timer = setInterval(load, 5_000);
    return () => {
      ctl.abort();
      clearInterval(timer);
    };
  }, [focus]);

  const onUpdates = useCallback((updates: LiveUpdate[]) => {
    const bars: CandleBar[] = [];
    const pnls: StrategyPnl[] = [];
    for (const u of updates) {
      if (u.kind === 'candle') bars.push(u.bar);
      else if (u.kind === 'pnl') pnls.push(...u.strategies);
    }
    if (bars.length > 0) setCandles((c) => mergeCandles(c, bars));
    if (pnls.length > 0) {
      setLive((l) => ({ ...l, ...Object.fromEntries(pnls.map((p) => [p.strategyId, p])) }));
      setPnl((h) => appendPnl(h, pnls));
    }
  }, []);
  const feed = useLive(topics, onUpdates);

  const toggle = (id: string) => setPicked((p) => (view === 'compare' ? (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]) : [id]));

  return (
    <main className="space-y-3 p-4" data-testid="strategies-page">
      {error !== null && <ErrorNote>{error}</ErrorNote>}
      {strategies === null && error === null && <Loading what="strategies" />}
      {strategies !== null && strategies.length === 0 && <EmptyState title="No strategies configured">Deploy one from the builder, or start the demo with tools/up.</EmptyState>}
      {strategies !== null && strategies.length > 0 && <StrategyCards strategies={strategies} live={live} selected={view === 'price' ? [] : picked} onSelect={toggle} />}
      <Panel
        title={`Chart · ${symbol}`}
        actions={
          <>
            <span className={`text-[10px] ${feed.status === 'open' ? 'text-neon-green' : 'text-neon-yellow'}`}>live {feed.status}</span>
            <select aria-label="chart view" className={sel} value={view} onChange={(e) => setView(e.target.value as typeof view)}>
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
        <StrategyChart mode={mode} candles={candles} signals={signals} pnl={pnl} />
      </Panel>
    </main>
  );
}
