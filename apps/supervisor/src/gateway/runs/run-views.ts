import type { RecordedRun } from '@helios/nats';
import type { RunDetail, RunSummary } from '../../shared/api';
import { ApiFailure } from '../route';

export const RUN_SORT_KEYS = ['startedAt', 'finishedAt'] as const;

/** What the browser sees of a recorded run. */
export function runSummary(run: RecordedRun): RunSummary {
  const summary: RunSummary = { runId: run.runId, kind: run.kind, status: run.status, startedAt: run.startedAt };
  if (run.strategy !== undefined) summary.strategy = run.strategy;
  if (run.dataFile !== undefined) summary.dataFile = run.dataFile;
  if (run.params !== undefined) summary.params = run.params;
  if (run.finishedAt !== undefined) summary.finishedAt = run.finishedAt;
  if (run.metrics !== undefined) summary.metrics = run.metrics;
  return summary;
}

export function runDetail(run: RecordedRun, result: unknown): RunDetail {
  const detail: RunDetail = runSummary(run);
  if (result !== null && typeof result === 'object') {
    detail.result = result as Record<string, unknown>;
    const hash = (result as { runHash?: unknown }).runHash;
    if (typeof hash === 'string') detail.runHash = hash;
  }
  if (run.error !== undefined) detail.result = { ...(detail.result ?? {}), error: run.error };
  return detail;
}

export interface RunQuery {
  kind?: string;
  strategy?: string;
  /** `startedAt`, `finishedAt` or a metric name. */
  sort: string;
  order: 'asc' | 'desc';
}

const KINDS = ['backtest', 'sweep', 'replay', 'walk-forward', 'simulation'];

/** Reads ?kind=&strategy=&sort=&order=; a bad value is a 400 naming the parameter. */
export function readRunQuery(query: URLSearchParams): RunQuery {
  const kind = query.get('kind') ?? undefined;
  if (kind !== undefined && !KINDS.includes(kind)) throw new ApiFailure(400, `kind must be one of ${KINDS.join(', ')}, got ${JSON.stringify(kind)}`, 'kind');
  const strategy = query.get('strategy') ?? undefined;
  const sort = query.get('sort') ?? 'startedAt';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(sort)) throw new ApiFailure(400, `sort must be startedAt, finishedAt or a metric name, got ${JSON.stringify(sort)}`, 'sort');
  const order = query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw new ApiFailure(400, `order must be asc or desc, got ${JSON.stringify(order)}`, 'order');
  return { kind, strategy, sort, order };
}

/** Filters and sorts; runs without the sort metric go last in either order, ties keep newest first. */
export function selectRuns(runs: RunSummary[], q: RunQuery): RunSummary[] {
  const value = (r: RunSummary): number | undefined => {
    if (q.sort === 'startedAt') return r.startedAt;
    if (q.sort === 'finishedAt') return r.finishedAt;
    const m = r.metrics?.[q.sort];
    return typeof m === 'number' ? m : undefined;
  };
  const sign = q.order === 'asc' ? 1 : -1;
  return runs
    .filter((r) => (q.kind === undefined || r.kind === q.kind) && (q.strategy === undefined || r.strategy === q.strategy))
    .map((r, i) => ({ r, i, v: value(r) }))
    .sort((a, b) => {
      if (a.v === undefined || b.v === undefined) return a.v === b.v ? a.i - b.i : a.v === undefined ? 1 : -1;
      return a.v === b.v ? a.i - b.i : sign * (a.v - b.v);
    })
    .map((x) => x.r);
}

const TRADE_COLUMNS = ['side', 'qty', 'entryTs', 'entryTime', 'entryPrice', 'exitTs', 'exitTime', 'exitPrice', 'pnl', 'fees'] as const;

/** The closed trades of a result as CSV (ISO times next to the epoch ms), header first. */
export function tradesCsv(result: unknown): string {
  const trades = (result as { trades?: unknown } | undefined)?.trades;
  const rows = Array.isArray(trades) ? (trades as Array<Record<string, unknown>>) : [];
  const cell = (t: Record<string, unknown>, col: (typeof TRADE_COLUMNS)[number]): string => {
    if (col === 'entryTime' || col === 'exitTime') {
      const ts = t[col === 'entryTime' ? 'entryTs' : 'exitTs'];
      return typeof ts === 'number' ? new Date(ts).toISOString() : '';
    }
    const v = t[col];
    return v === undefined || v === null ? '' : String(v);
  };
  return [TRADE_COLUMNS.join(','), ...rows.map((t) => TRADE_COLUMNS.map((c) => cell(t, c)).join(','))].join('\n') + '\n';
}
