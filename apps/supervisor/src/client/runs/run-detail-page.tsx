'use client';
import { useEffect, useState } from 'react';
import type { BacktestRequest, RunDetail } from '../../shared/api';
import { api } from '../api';
import { ErrorNote, Loading } from '../ui/states';
import { RunCompare } from './run-compare';
import { RunDetailView } from './run-detail-view';

export function useRun(runId: string): { run: RunDetail | null; error: string | null } {
  const [run, setRun] = useState<RunDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    api.get<RunDetail>(`/runs/${encodeURIComponent(runId)}`, { signal: ctl.signal }).then(setRun, (e: Error) => e.name !== 'AbortError' && setError(e.message));
    return () => ctl.abort();
  }, [runId]);
  return { run, error };
}

export function RunDetailPage({ runId }: { runId: string }) {
  const { run, error } = useRun(runId);
  return (
    <main className="space-y-3 p-4">
      <a href="/runs" className="text-xs text-neon-cyan hover:underline">
        ← all runs
      </a>
      {error !== null && <ErrorNote>{error}</ErrorNote>}
      {run === null && error === null && <Loading what={`run ${runId}`} />}
      {run !== null && <RunDetailView run={run} onRerun={(request: BacktestRequest) => api.post<RunDetail>('/backtests', request)} />}
    </main>
  );
}

export function RunComparePage({ a, b }: { a: string; b: string }) {
  const ra = useRun(a);
  const rb = useRun(b);
  const error = ra.error ?? rb.error;
  return (
    <main className="space-y-3 p-4">
      <a href="/runs" className="text-xs text-neon-cyan hover:underline">
        ← all runs
      </a>
      {error !== null && <ErrorNote>{error}</ErrorNote>}
      {(ra.run === null || rb.run === null) && error === null && <Loading what="runs" />}
      {ra.run !== null && rb.run !== null && <RunCompare a={ra.run} b={rb.run} />}
    </main>
  );
}
