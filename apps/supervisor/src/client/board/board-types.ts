// The board's view model: what the graph mapping (topology.ts) hands to React Flow. Plain data, so
// the mapping is tested without a browser.
import type { Edge, Node } from '@xyflow/react';
import type { FlowFamily } from '../../shared/live';

/** Columns of the board, left to right, in data-flow order. */
export type NodeKind = 'feed' | 'indicators' | 'strategy' | 'risk' | 'order-engine' | 'exchange' | 'portfolio' | 'other';

/** healthy green, warning yellow, error red; stopped and paused are grey (on purpose, not broken). */
export type NodeStatus = 'healthy' | 'warning' | 'error' | 'stopped' | 'paused';

export interface NodeMetrics {
  msgsInPerSec: number;
  msgsOutPerSec: number;
  lagMsgs: number;
  latencyMsP50?: number;
  latencyMsP99?: number;
  /** Milliseconds since the last heartbeat. */
  ageMs: number;
  phase?: string;
}

export type BoardNodeData = {
  kind: NodeKind;
  title: string;
  subtitle?: string;
  status: NodeStatus;
  /** Why the node is not green, one short phrase each ("lag 1200 msgs", "no heartbeat for 4.2 s"). */
  reasons: string[];
  /** The service and instance to command and to read logs of. */
  service: string;
  instance?: string;
  /** The node (laptop) that runs it: its instance claim's holder, else the node its heartbeat names. */
  runsOn?: string;
  strategyId?: string;
  /** P&L badge (strategies: their total; risk gate: the global total). */
  pnl?: number;
  halted?: boolean;
  /** Risk gate: the leader's candidate name when known. */
  role?: string;
  metrics?: NodeMetrics;
  [key: string]: unknown;
};

export type BoardNode = Node<BoardNodeData, 'service'>;

export type FlowEdgeData = {
  families: FlowFamily[];
  perSec: number;
  latencyMsP50?: number;
  /** Stroke width in px, from the rate on a log scale. */
  width: number;
  /** Seconds one dash cycle takes: smaller is faster. */
  durationSec: number;
  active: boolean;
  /** A return path (fills, P&L) drawn dashed and dimmer. */
  feedback?: boolean;
  [key: string]: unknown;
};

export type BoardEdge = Edge<FlowEdgeData, 'flow'>;

export interface Board {
  nodes: BoardNode[];
  edges: BoardEdge[];
}
