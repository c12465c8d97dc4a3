// The graph mapping of the Control Board: (latest heartbeats, strategy configs, flow rates, P&L, halt,
// risk usage, now) -> React Flow nodes and edges. Pure: the page feeds it live data and a clock tick.
import type { StrategySummary, RiskView } from '../../shared/api';
import { nodeOfBeat, type FlowFamily, type FlowRate, type HaltState, type ServiceBeat, type StrategyPnl } from '../../shared/live';
import type { Board, BoardEdge, BoardNode, BoardNodeData, NodeKind } from './board-types';
import { positionsOf } from './board-layout';
import { edgeDurationSec, edgeWidth } from './flow-style';
import { beatVerdict, DEFAULT_THRESHOLDS, metricsOf, worse, type StatusThresholds, type Verdict } from './node-status';

export interface TopologyInput {
  /** The latest heartbeat of each service instance. */
  beats: readonly ServiceBeat[];
  /** Configured strategies (GET /api/v1/strategies); a strategy with no runner still gets a node. */
  strategies?: ReadonlyArray<Pick<StrategySummary, 'id' | 'definition' | 'status'> & Partial<Pick<StrategySummary, 'pnl'>>>;
  flows: readonly FlowRate[];
  pnl?: { strategies: readonly StrategyPnl[]; global?: { total: number } };
  halt?: HaltState;
  riskUsage?: RiskView['usage'];
  /** Wall-clock ms of this drawing: heartbeat ages are measured against it. */
  now: number;
  thresholds?: StatusThresholds;
}

export const RUNNER_SERVICE = 'strategy-runner';

const KIND_OF_SERVICE: Record<string, NodeKind> = {
  'market-data': 'feed',
  indicators: 'indicators',
  [RUNNER_SERVICE]: 'strategy',
  'risk-gate': 'risk',
  'order-engine': 'order-engine',
  'paper-exchange': 'exchange',
  portfolio: 'portfolio',
};

/** Stages the pipeline cannot run without: drawn (red) even before their first heartbeat. */
const CORE_SERVICES = ['market-data', 'risk-gate', 'order-engine', 'paper-exchange', 'portfolio'] as const;

const TITLE: Record<NodeKind, string> = {
  feed: 'Market data',
  indicators: 'Indicators',
  strategy: 'Strategy',
  risk: 'Risk gate',
  'order-engine': 'Order engine',
  exchange: 'Paper exchange',
  portfolio: 'Portfolio',
  other: '',
};

const record = (v: unknown): Record<string, unknown> | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** Strategy ids a runner instance serves: the keys of its heartbeat's `details.config.strategies`. */
export function strategiesOfRunner(beat: ServiceBeat): string[] {
  const strategies = record(record(beat.heartbeat.details?.['config'])?.['strategies']);
  return strategies === undefined ? [] : Object.keys(strategies);
}

function nodeId(kind: NodeKind, service: string, instance: string): string {
  return kind === 'other' ? `other:${service}:${instance}` : `${kind}:${instance}`;
}

function subtitleOf(kind: NodeKind, beat: ServiceBeat | undefined): string | undefined {
  const details = beat?.heartbeat.details;
  const config = record(details?.['config']);
  if (kind === 'feed' && typeof details?.['source'] === 'string') return details['source'];
  if (kind === 'indicators' && Array.isArray(config?.['indicators'])) return (config['indicators'] as unknown[]).join(' · ');
  if (kind === 'order-engine' && typeof config?.['account'] === 'string') return `account ${config['account']}`;
  return beat === undefined ? undefined : `instance ${beat.instance}`;
}

function usageVerdict(usage: RiskView['usage'] | undefined, t: StatusThresholds, match: (limit: string) => boolean): Verdict {
  const near = (usage ?? []).filter((u) => match(u.limit) && u.pct >= t.riskWarnPct);
  if (near.length === 0) return { status: 'healthy', reasons: [] };
  return { status: 'warning', reasons: near.map((u) => `${u.limit} at ${Math.round(u.pct)}%`) };
}

/** Sum of the rates of `families` (for one strategy when given); latency is the worst median seen. */
function flowOf(flows: readonly FlowRate[], families: FlowFamily[], strategyId?: string): { perSec: number; latencyMsP50?: number } {
  let perSec = 0;
  let latency: number | undefined;
  for (const f of flows) {
    if (!families.includes(f.family)) continue;
    if (strategyId !== undefined && f.strategyId !== strategyId) continue;
    perSec += f.perSec;
    if (f.latencyMsP50 !== undefined) latency = Math.max(latency ?? 0, f.latencyMsP50);
  }
  return latency === undefined ? { perSec } : { perSec, latencyMsP50: latency };
}

function freshest(beats: ServiceBeat[]): ServiceBeat | undefined {
  return beats.reduce<ServiceBeat | undefined>((best, b) => (best === undefined || b.receivedAt > best.receivedAt ? b : best), undefined);
}

export function buildBoard(input: TopologyInput): Board {
  const t = input.thresholds ?? DEFAULT_THRESHOLDS;
  const { now } = input;
  const nodes: Array<Omit<BoardNode, 'position'>> = [];
  const add = (id: string, data: BoardNodeData) => nodes.push({ id, type: 'service', data });

  // Service instances (strategy runners are drawn per strategy below).
  const instances = new Map<string, ServiceBeat | undefined>();
  for (const b of input.beats) if (b.service !== RUNNER_SERVICE) instances.set(`${b.service}\u0000${b.instance}`, b);
  for (const service of CORE_SERVICES) {
    if (![...instances.keys()].some((k) => k.startsWith(`${service}\u0000`))) instances.set(`${service}\u0000main`, undefined);
  }
  const globalPnl = input.pnl?.global?.total ?? (input.pnl && input.pnl.strategies.length > 0 ? input.pnl.strategies.reduce((s, p) => s + p.total, 0) : undefined);
  for (const [key, beat] of instances) {
    const [service, instance] = key.split('\u0000');
    const kind = KIND_OF_SERVICE[service] ?? 'other';
    let verdict = beatVerdict(beat, now, t);
    const data: BoardNodeData = {
      kind,
      title: kind === 'other' ? service : TITLE[kind],
      subtitle: subtitleOf(kind, beat),
      status: verdict.status,
      reasons: verdict.reasons,
      service,
      instance,
      ...runsOnOf(beat),
      metrics: beat === undefined ? undefined : metricsOf(beat, now),
    };
    if (kind === 'risk') {
      verdict = worse(verdict, usageVerdict(input.riskUsage, t, () => true));
      if (input.halt?.halted) verdict = { status: 'error', reasons: [`HALTED${input.halt.reason ? `: ${input.halt.reason}` : ''}`, ...verdict.reasons] };
      data.halted = input.halt?.halted === true;
      data.pnl = globalPnl;
      // Only the leading candidate runs the shell and heartbeats; standbys are silent (ADR 0010).
      const alive = beat !== undefined && beat.heartbeat.status !== 'stopped' && now - beat.receivedAt < t.staleMs;
      data.role = alive ? 'leader' : 'no leader';
    }
    data.status = verdict.status;
    data.reasons = verdict.reasons;
    add(nodeId(kind, service, instance), data);
  }

  // Strategies: every configured one, and every one a runner reports serving.
  const runners = input.beats.filter((b) => b.service === RUNNER_SERVICE);
  // Read each runner's served strategies once per drawing (the board redraws on every clock tick).
  const served = new Map(runners.map((b) => [b, strategiesOfRunner(b)]));
  const servedBy = (b: ServiceBeat) => served.get(b) ?? [];
  const summaries = new Map((input.strategies ?? []).map((s) => [s.id, s]));
  const ids = new Set<string>([...summaries.keys(), ...[...served.values()].flat()]);
  const pnlOf = new Map((input.pnl?.strategies ?? []).map((p) => [p.strategyId, p.total]));
  for (const id of ids) {
    // A runner started with --strategy X is named X; one started with --all lists X in its config.
    const beat = freshest(runners.filter((b) => b.instance === id)) ?? freshest(runners.filter((b) => servedBy(b).includes(id)));
    const summary = summaries.get(id);
    const definition = summary?.definition ?? {};
    let verdict: Verdict = beatVerdict(beat, now, t);
    if (beat === undefined) verdict = summary?.status === 'stopped' ? { status: 'stopped', reasons: ['stopped'] } : { status: 'error', reasons: ['no runner heartbeat'] };
    else if (verdict.status !== 'error' && verdict.status !== 'stopped' && servedBy(beat).length > 0 && !servedBy(beat).includes(id)) {
      verdict = { status: 'error', reasons: ['runner does not serve it'] };
    }
    // Stopped by the user (KV stopped: true): whatever its last heartbeat said, nothing runs it.
    if (definition['stopped'] === true) verdict = { status: 'stopped', reasons: ['stopped by the user'] };
    else if (verdict.status === 'healthy' || verdict.status === 'warning') {
      if (definition['killSwitch'] === true) verdict = { status: 'stopped', reasons: ['kill switch on'] };
      else if (definition['paused'] === true) verdict = { status: 'paused', reasons: ['paused'] };
      else verdict = worse(verdict, usageVerdict(input.riskUsage, t, (limit) => limit.split(/[^A-Za-z0-9_-]/).includes(id)));
    }
    const template = typeof definition['template'] === 'string' ? definition['template'] : definition['graph'] !== undefined ? 'graph' : undefined;
    add(`strategy:${id}`, {
      kind: 'strategy',
      title: id,
      subtitle: template,
      status: verdict.status,
      reasons: verdict.reasons,
      service: RUNNER_SERVICE,
      instance: beat?.instance,
      ...runsOnOf(beat),
      strategyId: id,
      pnl: pnlOf.get(id) ?? summary?.pnl?.total,
      metrics: beat === undefined ? undefined : metricsOf(beat, now),
    });
  }
  for (const beat of runners) {
    if (servedBy(beat).length === 0 && !ids.has(beat.instance)) {
      const verdict = beatVerdict(beat, now, t);
      add(`strategy:${beat.instance}`, {
        kind: 'strategy',
        title: beat.instance,
        subtitle: 'runner · no strategies',
        status: verdict.status,
        reasons: verdict.reasons,
        service: RUNNER_SERVICE,
        instance: beat.instance,
        ...runsOnOf(beat),
        metrics: metricsOf(beat, now),
      });
    }
  }

  const positions = positionsOf(nodes.map((n) => ({ id: n.id, kind: n.data.kind })));
  const placed: BoardNode[] = nodes
    .map((n) => ({ ...n, position: positions.get(n.id) ?? { x: 0, y: 0 } }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { nodes: placed, edges: edgesOf(placed, input.flows) };
}

function edgesOf(nodes: readonly BoardNode[], flows: readonly FlowRate[]): BoardEdge[] {
  const of = (kind: NodeKind) => nodes.filter((n) => n.data.kind === kind);
  const edges: BoardEdge[] = [];
  const link = (from: BoardNode, to: BoardNode, families: FlowFamily[], opts: { strategyId?: string; feedback?: boolean } = {}) => {
    const { perSec, latencyMsP50 } = flowOf(flows, families, opts.strategyId);
    const active = perSec > 0;
    const feedback = opts.feedback === true;
    edges.push({
      id: `${from.id}->${to.id}${feedback ? ':back' : ''}`,
      source: from.id,
      target: to.id,
      type: 'flow',
      ...(feedback ? { sourceHandle: 'fb-out', targetHandle: 'fb-in' } : {}),
      animated: active,
      data: { families, perSec, latencyMsP50, width: edgeWidth(perSec), durationSec: edgeDurationSec(perSec), active, feedback },
    });
  };
  const pairs = (a: NodeKind, b: NodeKind, fn: (x: BoardNode, y: BoardNode) => void) => {
    for (const x of of(a)) for (const y of of(b)) fn(x, y);
  };
  pairs('feed', 'indicators', (x, y) => link(x, y, ['md.candle']));
  // Strategies compute from candles themselves (strategy-runner consumes md.candle only).
  pairs('feed', 'strategy', (x, y) => link(x, y, ['md.candle']));
  pairs('strategy', 'risk', (x, y) => link(x, y, ['strategy.intent'], { strategyId: x.data.strategyId ?? x.data.title }));
  pairs('risk', 'order-engine', (x, y) => link(x, y, ['risk.approved']));
  pairs('order-engine', 'exchange', (x, y) => link(x, y, ['order.new']));
  pairs('exchange', 'portfolio', (x, y) => link(x, y, ['order.fill']));
  // Return paths: acks and fills to the order engine, P&L to the risk gate (drawdown limits).
  pairs('exchange', 'order-engine', (x, y) => link(x, y, ['order.ack', 'order.fill', 'order.reject', 'order.cancel'], { feedback: true }));
  pairs('portfolio', 'risk', (x, y) => link(x, y, ['pnl.update', 'pnl.global'], { feedback: true }));
  return edges;
}

/** `{ runsOn }` when the node that runs the instance is known, else nothing (the panel then names none). */
function runsOnOf(beat: ServiceBeat | undefined): { runsOn?: string } {
  const node = nodeOfBeat(beat);
  return node === undefined ? {} : { runsOn: node };
}
