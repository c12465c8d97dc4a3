'use client';
import { useEffect, useRef, useState } from 'react';
import type { StrategyGraph } from '@helios/strategy-dsl';
import { Button } from '../ui/button';
import { Panel } from '../ui/panel';
import { ErrorNote } from '../ui/states';
import type { BuilderServices } from './builder';

/** Until GET /instruments answers, or when the live log has no candles yet. */
const FALLBACK_INSTRUMENT = 'BTC-USDT';
const FALLBACK_TIMEFRAME = '1m';

const inputClass = 'w-full rounded border border-abyss-600 bg-abyss-950 px-2 py-1 text-xs text-slate-100';

/** The definition the strategy runner reads from KV `strategy.<id>` (hot-added, no restart). */
export function deployDefinition(id: string, graph: StrategyGraph, params: Record<string, number>, instruments: string[], timeframe: string): Record<string, unknown> {
  return { id, graph: { ...graph, name: graph.name ?? id }, ...(Object.keys(params).length > 0 ? { params } : {}), instruments, timeframe };
}

export function DeployPanel({ services, graph, params, ready }: { services: BuilderServices; graph: StrategyGraph; params: Record<string, number>; ready: boolean }) {
  const [id, setId] = useState('');
  const [instruments, setInstruments] = useState(FALLBACK_INSTRUMENT);
  const [timeframe, setTimeframe] = useState(FALLBACK_TIMEFRAME);
  // Until the user types, the fields follow the live feed: a strategy deployed on an instrument no
  // feed publishes would run and never trade.
  const edited = useRef(false);
  useEffect(() => {
    let current = true;
    services
      .instruments()
      .then((live) => {
        const top = live[0];
        if (!current || edited.current || top === undefined) return;
        setInstruments(top.symbol);
        setTimeframe(top.timeframe);
      })
      .catch(() => undefined); // the fallback stays; deploying reports any real problem
    return () => {
      current = false;
    };
  }, [services]);
  const edit = (set: (value: string) => void, value: string) => {
    edited.current = true;
    set(value);
  };
  const [state, setState] = useState<{ kind: 'idle' | 'busy' | 'done' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const strategyId = id || (graph.name ?? '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+/, '') || 'builder';

  const deploy = async () => {
    setState({ kind: 'busy' });
    try {
      const list = instruments.split(',').map((s) => s.trim()).filter(Boolean);
      await services.deploy(deployDefinition(strategyId, graph, params, list, timeframe));
      setState({ kind: 'done' });
    } catch (e) {
      setState({ kind: 'error', message: (e as Error).message });
    }
  };

  return (
    <Panel title="Deploy to paper">
      <div className="space-y-2 text-xs">
        <label className="block text-slate-400">
          Strategy id
          <input aria-label="strategy id" className={inputClass} placeholder={strategyId} value={id} onChange={(e) => setId(e.target.value)} />
        </label>
        <label className="block text-slate-400">
          Instruments (comma-separated)
          <input aria-label="instruments" className={inputClass} value={instruments} onChange={(e) => edit(setInstruments, e.target.value)} />
        </label>
        <label className="block text-slate-400">
          Timeframe
          <input aria-label="timeframe" className={inputClass} value={timeframe} onChange={(e) => edit(setTimeframe, e.target.value)} />
        </label>
        <Button variant="primary" className="w-full" onClick={deploy} disabled={!ready || state.kind === 'busy'} data-testid="deploy">
          Deploy {strategyId} to paper
        </Button>
        {state.kind === 'done' && <p className="text-neon-green">Deployed: the strategy runner picks it up from the configuration, without a restart.</p>}
        {state.kind === 'error' && <ErrorNote>{state.message}</ErrorNote>}
      </div>
    </Panel>
  );
}
