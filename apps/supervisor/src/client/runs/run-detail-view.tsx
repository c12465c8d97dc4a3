'use client';
import { useState } from 'react';
import type { BacktestRequest, RunDetail } from '../../shared/api';
import { Button } from '../ui/button';
import { formatDateTime } from '../ui/format';
import { Panel } from '../ui/panel';
import { ErrorNote } from '../ui/states';
import { BacktestResult } from './backtest-result';
import { rerunRequest } from './rerun';
import { paramsText } from './runs-list';

/** One run: what it was, its result (metrics, equity, drawdown, trades), and re-run with changed parameters. */
export function RunDetailView({ run, onRerun }: { run: RunDetail; onRerun: (request: BacktestRequest) => Promise<RunDetail> }) {
  const [params, setParams] = useState<Record<string, number>>(run.params ?? {});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [rerun, setRerun] = useState<RunDetail | null>(null);
  const runError = (run.result as { error?: string } | undefined)?.error;

  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      setRerun(await onRerun(rerunRequest(run, params)));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-4" data-testid="run-detail">
      <Panel title={`Run ${run.runId}`}>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-xs sm:grid-cols-4">
          <Item k="Kind" v={run.kind} />
          <Item k="Status" v={run.status} />
          <Item k="Strategy" v={run.strategy ?? '—'} />
          <Item k="Data" v={run.dataFile ?? '—'} />
          <Item k="Parameters" v={paramsText(run.params) || '—'} />
          <Item k="Started" v={formatDateTime(run.startedAt)} />
          <Item k="Duration" v={run.finishedAt !== undefined ? `${((run.finishedAt - run.startedAt) / 1000).toFixed(2)} s` : '—'} />
          <Item k="Run hash" v={run.runHash?.slice(0, 16) ?? '—'} />
        </dl>
        {runError !== undefined && <ErrorNote>{runError}</ErrorNote>}
      </Panel>
      {run.result !== undefined && run.kind === 'backtest' && <BacktestResult result={run.result} csvHref={`/api/v1/runs/${encodeURIComponent(run.runId)}/trades.csv`} />}
      {run.kind === 'backtest' && run.dataFile !== undefined && (
        <Panel title="Re-run with changed parameters">
          <div className="flex flex-wrap items-end gap-3 text-xs">
            {Object.entries(params).map(([name, value]) => (
              <label key={name} className="text-slate-400">
                {name}
                <input aria-label={`rerun ${name}`} type="number" step="any" className="ml-1 w-24 rounded border border-abyss-600 bg-abyss-950 px-2 py-1 text-slate-100" value={value} onChange={(e) => setParams({ ...params, [name]: Number(e.target.value) })} />
              </label>
            ))}
            <Button variant="primary" onClick={go} disabled={busy} data-testid="rerun">
              {busy ? 'Running…' : 'Re-run'}
            </Button>
          </div>
          {error !== null && <ErrorNote>{error}</ErrorNote>}
          {rerun !== null && (
            <p className="mt-2 text-xs text-slate-300">
              New run{' '}
              <a className="font-mono text-neon-cyan hover:underline" href={`/runs/${encodeURIComponent(rerun.runId)}`}>
                {rerun.runId}
              </a>{' '}
              — return {String(rerun.metrics?.['totalReturnPct'] ?? '—')}% ·{' '}
              <a className="text-neon-cyan hover:underline" href={`/runs/compare?a=${encodeURIComponent(run.runId)}&b=${encodeURIComponent(rerun.runId)}`}>
                compare
              </a>
            </p>
          )}
        </Panel>
      )}
    </div>
  );
}

function Item({ k, v }: { k: string; v: string }) {
  return (
    <div>
      <dt className="text-[10px] uppercase tracking-wider text-slate-500">{k}</dt>
      <dd className="font-mono text-slate-200">{v}</dd>
    </div>
  );
}
