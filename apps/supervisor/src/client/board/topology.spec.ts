import type { HeartbeatPayload } from '@helios/contracts';
import type { FlowRate, ServiceBeat } from '../../shared/live';
import type { BoardNode } from './board-types';
import { edgeDurationSec, edgeWidth, MAX_WIDTH, MIN_WIDTH } from './flow-style';
import { buildBoard, type TopologyInput } from './topology';

const NOW = 1_700_000_000_000;

function beat(service: string, instance: string, over: Partial<HeartbeatPayload> = {}, ageMs = 500): ServiceBeat {
  return {
    service,
    instance,
    receivedAt: NOW - ageMs,
    heartbeat: { service, instance, status: 'healthy', lagMsgs: 0, msgsInPerSec: 1, msgsOutPerSec: 1, startedAt: NOW - 60_000, details: { phase: 'live' }, ...over },
  };
}

const runner = (id: string, over: Partial<HeartbeatPayload> = {}, ageMs = 500) =>
  beat('strategy-runner', id, { details: { phase: 'live', config: { strategies: { [id]: { id } } } }, ...over }, ageMs);

/** The demo system of tools/up: one feed, indicators, two strategies, the pipeline. */
function demoBeats(): ServiceBeat[] {
  return [
    beat('market-data', 'main', { details: { phase: 'live', source: 'csv btc_perp_ftx_1m.csv' } }),
    beat('indicators', 'main', { details: { phase: 'live', config: { indicators: ['sma:20', 'rsi:14'] } } }),
    runner('sma-cross'),
    runner('mean-reversion'),
    beat('risk-gate', 'main'),
    beat('order-engine', 'main', { details: { phase: 'live', config: { account: 'paper' } } }),
    beat('paper-exchange', 'main'),
    beat('portfolio', 'main'),
  ];
}

const flows: FlowRate[] = [
  { family: 'md.candle', perSec: 1 },
  { family: 'strategy.intent', strategyId: 'sma-cross', perSec: 0.5, latencyMsP50: 3 },
  { family: 'strategy.intent', strategyId: 'mean-reversion', perSec: 0 },
  { family: 'risk.approved', perSec: 0.4 },
  { family: 'order.new', perSec: 0.2 },
  { family: 'order.fill', perSec: 0.2, latencyMsP50: 12 },
  { family: 'order.ack', perSec: 0.2 },
  { family: 'pnl.global', perSec: 1 },
];

const input = (over: Partial<TopologyInput> = {}): TopologyInput => ({ beats: demoBeats(), flows, now: NOW, ...over });
const node = (nodes: BoardNode[], id: string) => {
  const n = nodes.find((x) => x.id === id);
  if (n === undefined) throw new Error(`no node ${id} among ${nodes.map((x) => x.id).join(', ')}`);
  return n;
};
const statuses = (nodes: BoardNode[]) => Object.fromEntries(nodes.map((n) => [n.id, n.data.status]));

describe('buildBoard: heartbeats -> nodes', () => {
  it("carries the node (laptop) each instance runs on, from its claim, to the service's and the strategy's nodes", () => {
    const beats = demoBeats().map((b) => (b.service === 'portfolio' ? { ...b, runsOn: 'laptop-b' } : b.instance === 'sma-cross' ? { ...b, runsOn: 'laptop-a' } : b));
    const { nodes } = buildBoard(input({ beats }));
    expect([node(nodes, 'portfolio:main').data.runsOn, node(nodes, 'strategy:sma-cross').data.runsOn, node(nodes, 'risk:main').data.runsOn]).toEqual(['laptop-b', 'laptop-a', undefined]);
  });

  it('falls back to the node the heartbeat names where no claim is held (the risk gate, the feed), the claim winning where both are known', () => {
    const beats = demoBeats().map((b) =>
      b.service === 'risk-gate'
        ? { ...b, heartbeat: { ...b.heartbeat, node: 'laptop-b' } }
        : b.service === 'portfolio'
          ? { ...b, runsOn: 'laptop-a', heartbeat: { ...b.heartbeat, node: 'laptop-c' } }
          : b,
    );
    const { nodes } = buildBoard(input({ beats }));
    expect([node(nodes, 'risk:main').data.runsOn, node(nodes, 'portfolio:main').data.runsOn, node(nodes, 'order-engine:main').data.runsOn]).toEqual(['laptop-b', 'laptop-a', undefined]);
  });

  it('draws one node per service instance and one per strategy, all green when every beat is fresh and healthy', () => {
    const { nodes } = buildBoard(input());
    expect(statuses(nodes)).toEqual({
      'exchange:main': 'healthy',
      'feed:main': 'healthy',
      'indicators:main': 'healthy',
      'order-engine:main': 'healthy',
      'portfolio:main': 'healthy',
      'risk:main': 'healthy',
      'strategy:mean-reversion': 'healthy',
      'strategy:sma-cross': 'healthy',
    });
    expect(node(nodes, 'feed:main').data.subtitle).toBe('csv btc_perp_ftx_1m.csv');
    expect(node(nodes, 'indicators:main').data.subtitle).toBe('sma:20 · rsi:14');
    expect(node(nodes, 'order-engine:main').data.subtitle).toBe('account paper');
    expect(node(nodes, 'risk:main').data.role).toBe('leader');
    expect(node(nodes, 'strategy:sma-cross').data).toMatchObject({ kind: 'strategy', service: 'strategy-runner', instance: 'sma-cross', strategyId: 'sma-cross' });
  });

  it('places nodes in columns by stage, the same way on every call', () => {
    const a = buildBoard(input()).nodes;
    const b = buildBoard(input({ beats: [...demoBeats()].reverse(), now: NOW + 100 })).nodes;
    expect(b.map((n) => [n.id, n.position])).toEqual(a.map((n) => [n.id, n.position]));
    const x = (id: string) => node(a, id).position.x;
    expect(x('feed:main')).toBeLessThan(x('indicators:main'));
    expect(x('indicators:main')).toBeLessThan(x('strategy:sma-cross'));
    expect(x('strategy:sma-cross')).toBe(x('strategy:mean-reversion'));
    expect(x('strategy:sma-cross')).toBeLessThan(x('risk:main'));
    expect(x('risk:main')).toBeLessThan(x('order-engine:main'));
    expect(x('order-engine:main')).toBeLessThan(x('exchange:main'));
    expect(x('exchange:main')).toBeLessThan(x('portfolio:main'));
    expect(node(a, 'strategy:sma-cross').position.y).not.toBe(node(a, 'strategy:mean-reversion').position.y);
  });

  it('turns a node red at exactly 3 s without a heartbeat, not a millisecond before', () => {
    const at = (ageMs: number) => node(buildBoard(input({ beats: [...demoBeats().filter((b) => b.service !== 'order-engine'), beat('order-engine', 'main', {}, ageMs)] })).nodes, 'order-engine:main').data;
    expect(at(2999).status).toBe('healthy');
    expect(at(3000).status).toBe('error');
    expect(at(3000).reasons).toEqual(['no heartbeat for 3.0 s']);
    expect(at(4200).reasons).toEqual(['no heartbeat for 4.2 s']);
  });

  it('keeps a strategy that stopped grey (not red) however old its last heartbeat, and the others green', () => {
    const beats = demoBeats().map((b) => (b.instance === 'mean-reversion' ? runner('mean-reversion', { status: 'stopped', details: { phase: 'stopped', config: { strategies: { 'mean-reversion': {} } } } }, 60_000) : b));
    const { nodes } = buildBoard(input({ beats }));
    expect(node(nodes, 'strategy:mean-reversion').data.status).toBe('stopped');
    expect(node(nodes, 'strategy:sma-cross').data.status).toBe('healthy');
    expect(node(nodes, 'risk:main').data.status).toBe('healthy');
  });

  it('shows a configured strategy without any runner as red, or grey when the gateway says it is stopped', () => {
    const strategies = [
      { id: 'sma-cross', definition: { template: 'sma-cross' }, status: 'running' as const },
      { id: 'orphan', definition: { template: 'rsi' }, status: 'running' as const },
      { id: 'parked', definition: { template: 'rsi' }, status: 'stopped' as const },
    ];
    const { nodes } = buildBoard(input({ strategies }));
    expect(node(nodes, 'strategy:orphan').data).toMatchObject({ status: 'error', reasons: ['no runner heartbeat'] });
    expect(node(nodes, 'strategy:parked').data.status).toBe('stopped');
    expect(node(nodes, 'strategy:sma-cross').data.subtitle).toBe('sma-cross');
  });

  it('shows a strategy stopped by the user (stopped: true) as stopped while its runner still beats healthy, or has none', () => {
    const strategies = [
      { id: 'sma-cross', definition: { template: 'sma-cross', stopped: true }, status: 'stopped' as const },
      { id: 'parked', definition: { template: 'rsi', stopped: true }, status: 'stopped' as const },
    ];
    const { nodes } = buildBoard(input({ strategies }));
    expect(node(nodes, 'strategy:sma-cross').data).toMatchObject({ status: 'stopped', reasons: ['stopped by the user'] });
    expect(node(nodes, 'strategy:parked').data).toMatchObject({ status: 'stopped', reasons: ['stopped by the user'] });
    expect(node(nodes, 'strategy:mean-reversion').data.status).toBe('healthy');
  });

  it('shows paused runners and paused definitions as paused, distinct from stopped and from red', () => {
    const beats = demoBeats().map((b) => (b.instance === 'sma-cross' ? runner('sma-cross', { status: 'paused' }) : b));
    const strategies = [{ id: 'mean-reversion', definition: { template: 'mean-reversion', paused: true }, status: 'paused' as const }];
    const { nodes } = buildBoard(input({ beats, strategies }));
    expect(node(nodes, 'strategy:sma-cross').data.status).toBe('paused');
    expect(node(nodes, 'strategy:mean-reversion').data.status).toBe('paused');
  });

  it('adds a node when a new strategy appears, without moving the nodes of other columns', () => {
    const before = buildBoard(input()).nodes;
    const after = buildBoard(input({ beats: [...demoBeats(), runner('breakout')] })).nodes;
    expect(after).toHaveLength(before.length + 1);
    expect(node(after, 'strategy:breakout').data.status).toBe('healthy');
    for (const id of ['feed:main', 'risk:main', 'order-engine:main', 'exchange:main', 'portfolio:main']) {
      expect(node(after, id).position).toEqual(node(before, id).position);
    }
    const { edges } = buildBoard(input({ beats: [...demoBeats(), runner('breakout')] }));
    expect(edges.map((e) => e.id)).toEqual(expect.arrayContaining(['feed:main->strategy:breakout', 'strategy:breakout->risk:main']));
  });

  it('finds the strategies of a runner that serves several (--all) from its heartbeat config', () => {
    const all = beat('strategy-runner', 'dev', { details: { phase: 'live', config: { strategies: { a: {}, b: {} } } } });
    const { nodes } = buildBoard(input({ beats: [...demoBeats().filter((b) => b.service !== 'strategy-runner'), all] }));
    expect(nodes.filter((n) => n.data.kind === 'strategy').map((n) => [n.id, n.data.instance, n.data.status])).toEqual([
      ['strategy:a', 'dev', 'healthy'],
      ['strategy:b', 'dev', 'healthy'],
    ]);
  });

  it('warns (yellow) on a warning status, high lag, high latency p99, or a risk limit near its max', () => {
    const swap = (b: ServiceBeat) =>
      b.service === 'order-engine' ? beat('order-engine', 'main', { lagMsgs: 501 })
      : b.service === 'paper-exchange' ? beat('paper-exchange', 'main', { latencyMsP99: 1001 })
      : b.service === 'portfolio' ? beat('portfolio', 'main', { status: 'warning', details: { phase: 'replaying' } })
      : b;
    const riskUsage = [
      { limit: 'grossExposure', used: 85, max: 100, pct: 85 },
      { limit: 'maxPosition:sma-cross', used: 9, max: 10, pct: 90 },
      { limit: 'maxPosition:mean-reversion', used: 1, max: 10, pct: 10 },
    ];
    const { nodes } = buildBoard(input({ beats: demoBeats().map(swap), riskUsage }));
    expect(node(nodes, 'order-engine:main').data).toMatchObject({ status: 'warning', reasons: ['lag 501 msgs'] });
    expect(node(nodes, 'exchange:main').data).toMatchObject({ status: 'warning', reasons: ['latency p99 1001 ms'] });
    expect(node(nodes, 'portfolio:main').data).toMatchObject({ status: 'warning', reasons: ['phase replaying'] });
    expect(node(nodes, 'risk:main').data.status).toBe('warning');
    expect(node(nodes, 'strategy:sma-cross').data).toMatchObject({ status: 'warning', reasons: ['maxPosition:sma-cross at 90%'] });
    expect(node(nodes, 'strategy:mean-reversion').data.status).toBe('healthy');
  });

  it('reds a service that reports an error, naming its last error', () => {
    const beats = demoBeats().map((b) => (b.service === 'portfolio' ? beat('portfolio', 'main', { status: 'error', details: { lastError: 'publish stuck' } }) : b));
    expect(node(buildBoard(input({ beats })).nodes, 'portfolio:main').data).toMatchObject({ status: 'error', reasons: ['reports an error: publish stuck'] });
  });

  it('draws the core pipeline red before its first heartbeat', () => {
    const { nodes, edges } = buildBoard({ beats: [], flows: [], now: NOW });
    expect(statuses(nodes)).toEqual({ 'exchange:main': 'error', 'feed:main': 'error', 'order-engine:main': 'error', 'portfolio:main': 'error', 'risk:main': 'error' });
    expect(node(nodes, 'risk:main').data.role).toBe('no leader');
    expect(edges.every((e) => e.data?.active === false && e.animated === false)).toBe(true);
  });

  it('puts P&L badges on strategies and the global P&L on the risk gate', () => {
    const pnl = { strategies: [{ strategyId: 'sma-cross', realized: 400, unrealized: 100, total: 500, ts: NOW }, { strategyId: 'mean-reversion', realized: -50, unrealized: 0, total: -50, ts: NOW }] };
    const withGlobal = buildBoard(input({ pnl: { ...pnl, global: { total: 450.5 } } })).nodes;
    expect(node(withGlobal, 'strategy:sma-cross').data.pnl).toBe(500);
    expect(node(withGlobal, 'strategy:mean-reversion').data.pnl).toBe(-50);
    expect(node(withGlobal, 'risk:main').data.pnl).toBe(450.5);
    expect(node(buildBoard(input({ pnl })).nodes, 'risk:main').data.pnl).toBe(450);
  });

  it('flags the risk gate red while halted, with the reason, and clears it after', () => {
    const halted = node(buildBoard(input({ halt: { halted: true, reason: 'drill', since: NOW } })).nodes, 'risk:main').data;
    expect(halted).toMatchObject({ status: 'error', halted: true, reasons: ['HALTED: drill'], role: 'leader' });
    const cleared = node(buildBoard(input({ halt: { halted: false, since: NOW } })).nodes, 'risk:main').data;
    expect(cleared).toMatchObject({ status: 'healthy', halted: false });
  });

  it('names other services in their own column', () => {
    const { nodes, edges } = buildBoard(input({ beats: [...demoBeats(), beat('ml-advisor', 'gpu-1')] }));
    expect(node(nodes, 'other:ml-advisor:gpu-1').data).toMatchObject({ kind: 'other', title: 'ml-advisor', status: 'healthy' });
    expect(edges.some((e) => e.source.startsWith('other:') || e.target.startsWith('other:'))).toBe(false);
  });
});

describe('buildBoard: edges', () => {
  it('follows the data flow, with fills back to the order engine and P&L back to the risk gate', () => {
    const { edges } = buildBoard(input());
    expect(edges.map((e) => [e.id, e.data?.families.join('+')])).toEqual([
      ['feed:main->indicators:main', 'md.candle'],
      ['feed:main->strategy:mean-reversion', 'md.candle'],
      ['feed:main->strategy:sma-cross', 'md.candle'],
      ['strategy:mean-reversion->risk:main', 'strategy.intent'],
      ['strategy:sma-cross->risk:main', 'strategy.intent'],
      ['risk:main->order-engine:main', 'risk.approved'],
      ['order-engine:main->exchange:main', 'order.new'],
      ['exchange:main->portfolio:main', 'order.fill'],
      ['exchange:main->order-engine:main:back', 'order.ack+order.fill+order.reject+order.cancel'],
      ['portfolio:main->risk:main:back', 'pnl.update+pnl.global'],
    ]);
  });

  it('carries each edge its own rate and latency, and animates only edges with traffic', () => {
    const { edges } = buildBoard(input());
    const e = (id: string) => edges.find((x) => x.id === id)?.data;
    expect(e('strategy:sma-cross->risk:main')).toMatchObject({ perSec: 0.5, latencyMsP50: 3, active: true });
    expect(e('strategy:mean-reversion->risk:main')).toMatchObject({ perSec: 0, active: false });
    expect(e('exchange:main->order-engine:main:back')).toMatchObject({ perSec: 0.4, latencyMsP50: 12, feedback: true });
    expect(edges.find((x) => x.id === 'strategy:mean-reversion->risk:main')?.animated).toBe(false);
    expect(edges.find((x) => x.id === 'strategy:sma-cross->risk:main')?.animated).toBe(true);
  });

  it('makes edges thicker and faster as the rate grows (log scale, clamped)', () => {
    const rates = [0, 0.1, 1, 5, 10, 100, 999, 1000, 50_000];
    const widths = rates.map(edgeWidth);
    const durations = rates.map(edgeDurationSec);
    for (let i = 1; i < rates.length; i++) {
      expect(widths[i]).toBeGreaterThanOrEqual(widths[i - 1]);
      expect(durations[i]).toBeLessThanOrEqual(durations[i - 1]);
    }
    expect(widths[0]).toBe(MIN_WIDTH);
    expect(widths[rates.length - 1]).toBe(MAX_WIDTH);
    expect(edgeWidth(1000)).toBe(MAX_WIDTH);
    expect(edgeWidth(10)).toBeGreaterThan(edgeWidth(1));
    expect(edgeDurationSec(10)).toBeLessThan(edgeDurationSec(1));
    // Log scale: 10 -> 100 msg/s widens as much as 100 -> 1000 (within float error).
    expect(edgeWidth(100) - edgeWidth(10)).toBeCloseTo(edgeWidth(1000) - edgeWidth(100), 1);
    expect(edgeWidth(Number.NaN)).toBe(MIN_WIDTH);
    expect(edgeWidth(-5)).toBe(MIN_WIDTH);
  });

  it('scales an edge with the live rate of its own flow', () => {
    const slow = buildBoard(input({ flows: [{ family: 'order.new', perSec: 1 }] })).edges.find((e) => e.id === 'order-engine:main->exchange:main')?.data;
    const fast = buildBoard(input({ flows: [{ family: 'order.new', perSec: 200 }] })).edges.find((e) => e.id === 'order-engine:main->exchange:main')?.data;
    expect(fast?.width).toBeGreaterThan(slow?.width ?? Infinity);
    expect(fast?.durationSec).toBeLessThan(slow?.durationSec ?? -Infinity);
  });
});
