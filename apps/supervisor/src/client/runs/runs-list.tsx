'use client';
import type { RunSummary } from '../../shared/api';
import { formatDateTime } from '../ui/format';
import { formatMetric } from './result-shape';

export interface RunsQuery {
  kind: string;
  strategy: string;
  sort: string;
  order: 'asc' | 'desc';
}

export const SORT_CHOICES: ReadonlyArray<{ key: string; label: string }> = [
  { key: 'startedAt', label: 'Started' },
  { key: 'totalReturnPct', label: 'Return' },
  { key: 'sharpe', label: 'Sharpe' },
  { key: 'maxDrawdownPct', label: 'Max drawdown' },
  { key: 'winRatePct', label: 'Win rate' },
  { key: 'tradeCount', label: 'Trades' },
];

const KINDS = ['', 'backtest', 'sweep', 'replay', 'walk-forward', 'simulation'];
const STATUS_COLOR: Record<string, string> = { completed: 'text-neon-green', running: 'text-neon-cyan', queued: 'text-slate-400', failed: 'text-neon-red', cancelled: 'text-slate-500' };
const sel = 'rounded border border-abyss-600 bg-abyss-950 px-2 py-1 text-xs text-slate-100';

export function paramsText(params: Record<string, number> | undefined): string {
  return Object.entries(params ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** Every recorded run with its key parameters and metrics; filters and sort go to GET /runs. */
export function RunsList({ runs, query, onQuery, selected, onSelect }: { runs: RunSummary[]; query: RunsQuery; onQuery: (q: RunsQuery) => void; selected: string[]; onSelect: (ids: string[]) => void }) {
  const strategies = [...new Set(runs.map((r) => r.strategy).filter((s): s is string => s !== undefined))].sort();
  const toggle = (id: string) => onSelect(selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id].slice(-2));
  return (
    <div className="space-y-3" data-testid="runs-list">
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-400">
        <label>
          Kind{' '}
          <select aria-label="kind" className={sel} value={query.kind} onChange={(e) => onQuery({ ...query, kind: e.target.value })}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k || 'all'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Strategy{' '}
          <input aria-label="strategy filter" list="run-strategies" className={sel} value={query.strategy} onChange={(e) => onQuery({ ...query, strategy: e.target.value })} placeholder="all" />
          <datalist id="run-strategies">
            {strategies.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </label>
        <label>
          Sort by{' '}
          <select aria-label="sort" className={sel} value={query.sort} onChange={(e) => onQuery({ ...query, sort: e.target.value })}>
            {SORT_CHOICES.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <select aria-label="order" className={sel} value={query.order} onChange={(e) => onQuery({ ...query, order: e.target.value as 'asc' | 'desc' })}>
          <option value="desc">high → low</option>
          <option value="asc">low → high</option>
        </select>
      </div>
      <table className="w-full text-left text-xs">
        <thead className="text-slate-400">
          <tr>
            <th className="px-2 py-1" title="pick two to compare">⇄</th>
            <th className="px-2 py-1">Run</th>
            <th className="px-2 py-1">Kind</th>
            <th className="px-2 py-1">Status</th>
            <th className="px-2 py-1">Strategy</th>
            <th className="px-2 py-1">Data</th>
            <th className="px-2 py-1">Parameters</th>
            <th className="px-2 py-1 text-right">Return</th>
            <th className="px-2 py-1 text-right">Max DD</th>
            <th className="px-2 py-1 text-right">Sharpe</th>
            <th className="px-2 py-1 text-right">Trades</th>
            <th className="px-2 py-1">Started</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.runId} className="border-t border-abyss-700 hover:bg-abyss-800/60" data-testid={`run-row-${r.runId}`}>
              <td className="px-2 py-1">
                <input type="checkbox" aria-label={`compare ${r.runId}`} checked={selected.includes(r.runId)} onChange={() => toggle(r.runId)} />
              </td>
              <td className="px-2 py-1 font-mono">
                <a className="text-neon-cyan hover:underline" href={`/runs/${encodeURIComponent(r.runId)}`}>
                  {r.runId}
                </a>
              </td>
              <td className="px-2 py-1">{r.kind}</td>
              <td className={`px-2 py-1 ${STATUS_COLOR[r.status] ?? ''}`}>{r.status}</td>
              <td className="px-2 py-1">{r.strategy ?? '—'}</td>
              <td className="px-2 py-1">{r.dataFile ?? '—'}</td>
              <td className="px-2 py-1 font-mono text-slate-400">{paramsText(r.params)}</td>
              <td className={`px-2 py-1 text-right font-mono ${(r.metrics?.['totalReturnPct'] ?? 0) >= 0 ? 'text-neon-green' : 'text-neon-red'}`}>{formatMetric('totalReturnPct', r.metrics?.['totalReturnPct'])}</td>
              <td className="px-2 py-1 text-right font-mono">{formatMetric('maxDrawdownPct', r.metrics?.['maxDrawdownPct'])}</td>
              <td className="px-2 py-1 text-right font-mono">{formatMetric('sharpe', r.metrics?.['sharpe'])}</td>
              <td className="px-2 py-1 text-right font-mono">{formatMetric('tradeCount', r.metrics?.['tradeCount'])}</td>
              <td className="px-2 py-1 text-slate-400">{formatDateTime(r.startedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
