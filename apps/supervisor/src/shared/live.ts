// What the gateway streams to the browser over the WebSocket `/ws` (one JSON text frame per batch).
// Shared by the gateway (producer, src/gateway) and the browser (consumer, src/client): change both.
import type { HeartbeatPayload } from '@helios/contracts';

/** Topics a browser view subscribes to; it receives only those. */
export type LiveTopic =
  | 'heartbeats' // every service instance's latest heartbeat
  | 'flows' // message rates per data-flow edge
  | 'pnl' // per-strategy and global P&L
  | 'orders' // order lifecycle events
  | 'halt' // the global kill switch
  | `candles:${string}` // one instrument's candles, `candles:<symbol>`
  | `logs:${string}`; // recent log lines of one service, `logs:<service>`

export interface ServiceBeat {
  /** Subject tokens of the heartbeat: `system.heartbeat.<service>.<instance>`. */
  service: string;
  instance: string;
  /** Wall-clock time the gateway received it (ms). A node is red after 3 s without one. */
  receivedAt: number;
  heartbeat: HeartbeatPayload;
  /** The node (laptop) whose process holds the instance's claim (ADR 0011); absent when none does. */
  runsOn?: string;
}

/**
 * The node (laptop) that runs an instance: the holder of its claim, else the node its latest
 * heartbeat names (services without a claim, such as the risk gate and the feed, and a stopped
 * process, whose last beat says where it ran); undefined when neither is known.
 */
export function nodeOfBeat(beat: ServiceBeat | undefined): string | undefined {
  return beat?.runsOn ?? beat?.heartbeat.node;
}

/** One edge of the data flow, named by the subject family that carries it. */
export type FlowFamily =
  | 'md.candle'
  | 'indicator'
  | 'strategy.intent'
  | 'risk.approved'
  | 'risk.rejected'
  | 'order.new'
  | 'order.ack'
  | 'order.fill'
  | 'order.reject'
  | 'order.cancel'
  | 'pnl.update'
  | 'pnl.global';

export interface FlowRate {
  family: FlowFamily;
  /** Strategy id for per-strategy families (intent, approved, rejected, pnl.update); absent otherwise. */
  strategyId?: string;
  /** Messages per second over the last few seconds. */
  perSec: number;
  /** Median event-time-to-gateway latency, when events carry a cause the gateway saw. */
  latencyMsP50?: number;
}

export interface StrategyPnl {
  strategyId: string;
  realized: number;
  unrealized: number;
  total: number;
  ts: number;
}

export interface OrderRow {
  clientOrderId: string;
  strategyId?: string;
  instrument: string;
  side: 'buy' | 'sell';
  /** Latest lifecycle state of the order. */
  state: 'new' | 'ack' | 'partially-filled' | 'filled' | 'cancelled' | 'rejected';
  qty?: number;
  filledQty: number;
  avgPrice?: number;
  reason?: string;
  /** When the gateway received the latest lifecycle event (wall clock): the list's order. */
  updatedAt: number;
  /**
   * The latest lifecycle event's own time: the time of the bar it happened at, which the charts
   * use, so a row can be matched with its chart marker even in a sped-up or historical replay.
   */
  eventTs: number;
}

export interface CandleBar {
  symbol: string;
  tf: string;
  /** Bar open time, epoch ms. */
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

export interface HaltState {
  halted: boolean;
  reason?: string;
  /** When the halt was set or cleared (epoch ms). */
  since?: number;
}

export interface LogLine {
  service: string;
  instance: string;
  ts: number;
  level: string;
  msg: string;
}

export type LiveUpdate =
  | { kind: 'heartbeat'; beat: ServiceBeat }
  | { kind: 'flows'; rates: FlowRate[] }
  | { kind: 'pnl'; strategies: StrategyPnl[]; global?: { total: number; drawdownPct?: number; ts: number } }
  /** Sent once on a `pnl` subscribe, before the current figures: every strategy's recent P&L points, oldest first. */
  | { kind: 'pnlHistory'; points: StrategyPnl[] }
  | { kind: 'order'; order: OrderRow }
  | { kind: 'candle'; bar: CandleBar }
  | { kind: 'halt'; halt: HaltState }
  | { kind: 'log'; line: LogLine };

/** Server -> browser. `seq` grows by one per batch on a connection; a gap means updates were shed. */
export interface LiveBatch {
  type: 'batch';
  seq: number;
  at: number;
  updates: LiveUpdate[];
}

/** Server -> browser, once after the upgrade: everything the subscribed views need to draw at once. */
export interface LiveHello {
  type: 'hello';
  at: number;
  /** Batches are sent at most this often (ms); >= 10 per second. */
  intervalMs: number;
}

export type ServerMessage = LiveHello | LiveBatch | { type: 'error'; message: string };

/** Browser -> server. Replaces the connection's topic set. */
export interface SubscribeMessage {
  type: 'subscribe';
  topics: LiveTopic[];
}

export type ClientMessage = SubscribeMessage;

/** Largest message the gateway accepts from a browser (bytes); larger ones close the socket (1009). */
export const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;
