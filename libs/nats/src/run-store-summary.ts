import { KEY_PATTERN, type RunLifecyclePayload } from '@helios/contracts';

export type RunKind = RunLifecyclePayload['kind'];
export type RunStatus = RunLifecyclePayload['status'];

/** What a run was asked to do, as recorded with its `running` event (`params` of run.lifecycle). */
export interface RunStart {
  /** Chosen by the caller, or made by `RunStore.newRunId`. */
  runId?: string;
  kind: RunKind;
  strategy?: string;
  dataFile?: string;
  /** The strategy's parameter values. */
  params?: Record<string, number>;
  /** Anything else needed to repeat the run (cash, fees, the grid of a sweep, the graph). */
  settings?: Record<string, unknown>;
}

/** A run as the lifecycle events tell it: the latest status and the first start / last finish times. */
export interface RecordedRun {
  runId: string;
  kind: RunKind;
  status: RunStatus;
  strategy?: string;
  dataFile?: string;
  params?: Record<string, number>;
  settings?: Record<string, unknown>;
  startedAt: number;
  finishedAt?: number;
  metrics?: Record<string, number>;
  error?: string;
  /** Object name of the result in the artifacts store. */
  artifact?: string;
}

const FINISHED: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];
/** The keys `metrics` of run.lifecycle accepts (NamedNumbers). */
const METRIC_KEY = new RegExp(KEY_PATTERN);

/** The `params` object a `running` event carries for `start`. */
export function startParams(start: RunStart): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (start.strategy !== undefined) params['strategy'] = start.strategy;
  if (start.dataFile !== undefined) params['dataFile'] = start.dataFile;
  if (start.params !== undefined) params['params'] = start.params;
  if (start.settings !== undefined) params['settings'] = start.settings;
  return params;
}

/**
 * Folds one lifecycle event into the run it belongs to. Events of a run arrive in stream order; a
 * finished run stays finished (a late duplicate `running` cannot revive it).
 */
export function foldRunEvent(run: RecordedRun | undefined, payload: RunLifecyclePayload, ts: number): RecordedRun {
  const next: RecordedRun = run ? { ...run } : { runId: payload.runId, kind: payload.kind, status: payload.status, startedAt: ts };
  // A finish may complete what the start knew (e.g. every parameter's value once defaults are applied).
  const p = payload.params ?? {};
  if (typeof p['strategy'] === 'string') next.strategy = p['strategy'];
  if (typeof p['dataFile'] === 'string') next.dataFile = p['dataFile'];
  if (isNumberRecord(p['params'])) next.params = p['params'];
  if (isObject(p['settings'])) next.settings = p['settings'];
  if (payload.status === 'running' || payload.status === 'queued') {
    if (run === undefined || !FINISHED.includes(run.status)) next.status = payload.status;
    next.startedAt = run ? Math.min(run.startedAt, ts) : ts;
    return next;
  }
  next.status = payload.status;
  next.finishedAt = ts;
  if (payload.metrics !== undefined) next.metrics = payload.metrics;
  if (payload.error !== undefined) next.error = payload.error;
  if (payload.artifact !== undefined) next.artifact = payload.artifact;
  return next;
}

/**
 * The numbers of `metrics` that a lifecycle event can carry: finite numbers under identifier keys
 * (undefined metrics such as a Sharpe without variance are left out, not sent as null).
 */
export function numericMetrics(metrics: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(metrics)) {
    if (typeof value === 'number' && Number.isFinite(value) && METRIC_KEY.test(key)) out[key] = value;
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isNumberRecord(value: unknown): value is Record<string, number> {
  return isObject(value) && Object.values(value).every((v) => typeof v === 'number');
}

/**
 * The headline numbers of a backtest result (the JSON of `helios backtest --out`) for a run's
 * `completed` event: what run lists show and sort by.
 */
export function backtestHeadline(result: {
  finalEquity?: unknown;
  totalReturnPct?: unknown;
  maxDrawdownPct?: unknown;
  metrics?: Record<string, unknown>;
}): Record<string, number> {
  const m = result.metrics ?? {};
  return numericMetrics({
    finalEquity: result.finalEquity,
    totalReturnPct: result.totalReturnPct,
    maxDrawdownPct: result.maxDrawdownPct,
    sharpe: m['sharpe'],
    sortino: m['sortino'],
    cagrPct: m['cagrPct'],
    winRatePct: m['winRatePct'],
    profitFactor: m['profitFactor'],
    tradeCount: m['tradeCount'],
    exposurePct: m['exposurePct'],
  });
}
