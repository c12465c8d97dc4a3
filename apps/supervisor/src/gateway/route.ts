// The seam between the gateway's HTTP server and its route groups. Each group is one file under
// routes/ exporting `Route[]`; the server matches method + path, checks the token, parses the JSON
// body, runs the handler and writes the answer. The OpenAPI document is generated from these
// descriptions, so a route without a summary is a bug.
import type { NatsConnection } from '@nats-io/transport-node';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { Logger } from 'pino';
import type { TSchema } from 'typebox';
import type { StrategyMetrics } from '../shared/api';
import type { HaltState, OrderRow, ServiceBeat, StrategyPnl } from '../shared/live';
import type { EquityPeaksNow } from './live/equity-drawdowns';

/** What the gateway's NATS bridge has observed so far (latest values), for handlers that report live state. */
export interface LiveState {
  /** Latest heartbeat per service instance. */
  beats(): ServiceBeat[];
  /** Latest P&L per strategy and the global one. */
  pnl(): { strategies: StrategyPnl[]; global?: { total: number; drawdownPct?: number; grossExposure?: number; equity?: number; ts: number } };
  /** The portfolio's and each strategy's equity with its peaks, as the risk gate follows them. */
  equityPeaks(): EquityPeaksNow;
  halt(): HaltState;
  /** Newest first. */
  orders(limit: number): OrderRow[];
}

/** Everything a handler may use. Built once by the gateway at start-up. */
export interface GatewayContext {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** KV `helios-config` (strategies `strategy.<id>`, `risk.limits`, `service.<name>`, the halt key). */
  config: KV;
  /** The repository root (to find `../shared/data`, the CLI, the services' bins). */
  repoRoot: string;
  /** Folder of the OHLCV files offered to backtests (`../shared/data` by default, HELIOS_DATA_DIR). */
  dataDir: string;
  log: Logger;
  /** Latest heartbeats, P&L, halt and orders as the gateway's NATS bridge saw them. */
  live: LiveState;
  /** The Helios home: services' logs under `<home>/logs`. */
  home: string;
  /** NATS monitoring endpoint (`http://127.0.0.1:8222`), when configured. */
  monitorUrl?: string;
  /** Live strategy metrics (trades, win rate, Sharpe, drawdown) from the ORDER and PNL streams. */
  strategyMetrics: { metricsOf(strategyIds: readonly string[]): Promise<Map<string, StrategyMetrics>> };
  /** The node agent asked to start processes (default: HELIOS_NODE, else the host name; agent-channel.ts). */
  agentNode?: string;
  /** Wall clock of the gateway (the gateway is I/O, it may read the clock; tests pass a fixed one). */
  now: () => number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ApiRequest {
  /** Path parameters by name, from `:name` segments of the route path. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (already checked against `body` when the route gives one), else undefined. */
  body: unknown;
}

export interface ApiResponse {
  status: number;
  /** Serialised as JSON, unless `text` is given. */
  json?: unknown;
  /** A non-JSON body (CSV downloads) with its content type. */
  text?: { body: string; contentType: string; filename?: string };
  /** Extra response headers (the login route sets the session cookie). */
  headers?: Record<string, string>;
}

/** Thrown by handlers for a clean 4xx/5xx answer: `{ error, where }`. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly where?: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export interface Route {
  method: HttpMethod;
  /** Under /api/v1, with `:name` parameters: `/runs/:runId`. */
  path: string;
  /** One line for the OpenAPI document. */
  summary: string;
  tag: string;
  /** typebox schema of the JSON body; a body that fails it is answered 400 naming the field. */
  body?: TSchema;
  /** typebox schema of the success answer, for the OpenAPI document. */
  response?: TSchema;
  /** Answered without the token (health, login); every other route needs it. */
  public?: boolean;
  /** Success status when it is not 200 (for the OpenAPI document). */
  successStatus?: number;
  handler: (req: ApiRequest, ctx: GatewayContext) => Promise<ApiResponse>;
}
