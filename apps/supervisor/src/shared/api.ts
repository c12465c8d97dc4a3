// The REST API under /api/v1 (JSON). The gateway implements it (src/gateway), the browser calls it
// (src/client/api.ts), and the OpenAPI document at /api/v1/openapi.json describes it.
// Every error is `ApiError` with an HTTP status of 400 (bad input: `where` names the field), 401, 404,
// 409 or 503 (NATS unreachable).
import type { HaltState, OrderRow, ServiceBeat, StrategyPnl } from './live';

export interface ApiError {
  error: string;
  /** Where the input was wrong (a JSON pointer or a parameter name). */
  where?: string;
}

/** GET /api/v1/strategies — each configured strategy (KV helios-config `strategy.<id>`) with live state. */
export interface StrategySummary {
  id: string;
  /** The definition as stored in KV (template/spec/graph, params, instruments, timeframe, paused, stopped, killSwitch). */
  definition: Record<string, unknown>;
  status: 'running' | 'paused' | 'stopped' | 'unknown';
  /** Latest heartbeat of the strategy-runner process serving it, when there is one. */
  beat?: ServiceBeat;
  pnl?: StrategyPnl;
  metrics?: StrategyMetrics;
}

export interface StrategyMetrics {
  trades: number;
  winRate: number | null;
  sharpe: number | null;
  maxDrawdownPct: number | null;
}

/** POST /api/v1/strategies — add or replace a strategy (hot, no restart); body = a definition. */
export type PutStrategyRequest = Record<string, unknown>;

/** POST /api/v1/strategies/:id/{start|stop|pause|resume} — 202 with the command sent. */
export interface CommandAccepted {
  accepted: true;
  command: string;
  target: string;
  /** How a started process runs: under the node agent (restarted after a crash) or, as a fallback, spawned by the gateway. */
  note?: string;
}

/** GET /api/v1/strategies/:id/signals?limit=N — the newest intents (strategy.intent) of one strategy. */
export interface SignalRow {
  id: string;
  ts: number;
  instrument: string;
  targetWeight: number;
  reason?: string;
}

/** GET /api/v1/services — latest heartbeat per service instance, with its topology role. */
export interface ServiceRow extends ServiceBeat {
  /** red when the last heartbeat is older than 3 s. */
  stale: boolean;
}

/** GET /api/v1/config/schemas — JSON Schema of each service's configuration, by service name. */
export type ConfigSchemas = Record<string, Record<string, unknown>>;

/** GET /api/v1/config/:service — the service's config from KV; PUT validates it and sends `reconfigure`. */
export interface ServiceConfig {
  service: string;
  config: Record<string, unknown>;
  schema: Record<string, unknown>;
}

/** GET /api/v1/orders?limit=N — newest first. */
export type OrdersResponse = { orders: OrderRow[] };

/** GET /api/v1/risk — limits from KV `risk.limits` and their current usage. */
export interface RiskView {
  limits: Record<string, unknown>;
  usage: Array<{ limit: string; used: number; max: number; pct: number }>;
  halt: HaltState;
}

/** PUT /api/v1/risk/limits — body = new limits (validated). POST /api/v1/halt — body HaltRequest. */
export interface HaltRequest {
  halted: boolean;
  reason?: string;
}

/** GET /api/v1/runs?kind=&strategy=&sort=&order= — recorded backtests, sweeps and replays. */
export interface RunSummary {
  runId: string;
  kind: 'backtest' | 'sweep' | 'replay' | 'walk-forward' | 'simulation';
  status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
  strategy?: string;
  dataFile?: string;
  params?: Record<string, number>;
  startedAt: number;
  finishedAt?: number;
  metrics?: Record<string, number | null>;
  runHash?: string;
}

/** GET /api/v1/runs/:id — the summary and the full result JSON (as written by `helios backtest --out`). */
export interface RunDetail extends RunSummary {
  result?: Record<string, unknown>;
}

/** POST /api/v1/backtests — runs a backtest now (same engine as `helios backtest`), records it, returns the run. */
export interface BacktestRequest {
  /** A data file name from GET /api/v1/data-files, or `synthetic`. */
  dataFile: string;
  /** Exactly one of template (+params) and graph. */
  template?: string;
  params?: Record<string, number>;
  graph?: Record<string, unknown>;
  capital?: number;
  feeBps?: number;
  /** Order quantities are whole multiples of this (default 1; e.g. 0.001 for BTC with 10,000 of capital). */
  lotSize?: number;
}

/** GET /api/v1/instruments: an instrument with candles in the live log. */
export interface LiveInstrument {
  venue: string;
  symbol: string;
  timeframe: string;
  /** Candles of it in the MD stream. */
  candles: number;
}

/** GET /api/v1/data-files */
export interface DataFile {
  name: string;
  bars: number;
  symbol?: string;
  timeframe?: string;
}

/** GET /api/v1/system — streams, consumers, dead letters, server health. */
export interface SystemView {
  server: { version: string; uptimeSec?: number; connections?: number; jetstream: boolean; healthy: boolean };
  streams: Array<{ name: string; subjects: string[]; messages: number; bytes: number; consumers: number; firstSeq: number; lastSeq: number }>;
  consumers: Array<{ stream: string; name: string; pending: number; ackPending: number; redelivered: number; lastActiveAt?: number }>;
}

/** GET /api/v1/dlq?limit=N — dead letters, newest first. */
export interface DeadLetterRow {
  seq: number;
  ts: number;
  service: string;
  reason: string;
  message: string;
  originalSubject: string;
  raw: string;
}
