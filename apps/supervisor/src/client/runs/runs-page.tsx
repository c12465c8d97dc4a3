'use client';
import { useEffect, useState } from 'react';
import type { RunSummary } from '../../shared/api';
import { api } from '../api';
import { Button } from '../ui/button';
import { Panel } from '../ui/panel';
import { EmptyState, ErrorNote, Loading } from '../ui/states';
import { RunsList, type RunsQuery } from './runs-list';

export function runsPath(q: RunsQuery): string {
  const p = new URLSearchParams();
  if (q.kind) p.set('kind', q.kind);
  if (q.strategy) p.set('strategy', q.strategy);
  p.set('sort', q.sort);
  p.set('order', q.order);
  return `/runs?${p.toString()}`;
}

export function RunsPage() {
  const [query, setQuery] = useState<RunsQuery>({ kind: '', strategy: '', sort: 'startedAt', order: 'desc' });
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);

  useEffect(() => {
    const ctl = new AbortController();
    api.get<{ runs: RunSummary[] }>(runsPath(query), { signal: ctl.signal }).then(
      (r) => {
        setRuns(r.runs);
        setError(null);
      },
      (e: Error) => e.name !== 'AbortError' && setError(e.message),
    );
    return () => ctl.abort();
  }, [query]);

  return (
    <main className="space-y-3 p-4">
      <Panel
        title="Runs"
        actions={
          <Button variant="primary" disabled={selected.length !== 2} onClick={() => window.location.assign(`/runs/compare?a=${encodeURIComponent(selected[0])}&b=${encodeURIComponent(selected[1])}`)} data-testid="compare">
            Compare {selected.length}/2
          </Button>
        }
      >
        {error !== null && <ErrorNote>{error}</ErrorNote>}
        {runs === null && error === null && <Loading what="runs" />}
        {runs !== null && runs.length === 0 && !query.kind && !query.strategy && (
          <EmptyState title="No runs recorded yet">Run a backtest from the builder, or `helios backtest --nats URL` from the command line.</EmptyState>
        )}
        {runs !== null && (runs.length > 0 || query.kind || query.strategy) && <RunsList runs={runs} query={query} onQuery={setQuery} selected={selected} onSelect={setSelected} />}
      </Panel>
    </main>
  );
}
