import { join } from 'node:path';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV, type KvWatchEntry } from '@nats-io/kv';
import { decodeEvent, filters, KV_BUCKETS, type HeliosEvent } from '@helios/contracts';
import { claimNode, describeError, HALT_KEY, haltOfEntry, INSTANCE_CLAIMS, parseInstanceClaimKey } from '@helios/nats';
import type { Logger } from 'pino';
import type { CandleBar, HaltState, LogLine, LiveTopic, LiveUpdate, OrderRow, ServiceBeat, StrategyPnl } from '../../shared/live';
import type { LiveState } from '../route';
import { pushTimePoint } from '../../shared/time-points';
import { FlowMeter } from './flow-meter';
import { LogTail } from './log-tail';
import type { LiveConnection } from './live-connection';
import { lastPerSubject, tailOf, type StoredEventRow } from './stream-reads';
import { EquityDrawdowns, type EquityPeaksNow } from './equity-drawdowns';
import { applyOrderEvent, isOrderEvent, newestOrders, trimOrders } from './order-rows';

/** Orders kept for snapshots and REST; candles kept per symbol; log lines sent on a `logs:` subscribe. */
const MAX_ORDERS = 500;
const SNAPSHOT_ORDERS = 100;
const MAX_CANDLES = 300;
/** P&L points kept per strategy (one per pnl.update event time: every held bar and every fill), sent on a `pnl` subscribe. */
const MAX_PNL_POINTS = 600;
const SNAPSHOT_LOG_LINES = 100;
/**
 * Messages read from the end of the PNL and of the MD stream at start-up for the P&L and candle
 * history (the per-strategy and per-symbol bounds above then apply): a few hundred milliseconds.
 */
const SEED_SCAN = 10_000;
/** Subjects counted for the flow edges only (their payloads are not forwarded). */
const COUNTED_ONLY = [filters.allIndicators, filters.allIntents, filters.allRiskApproved, filters.allRiskRejected];

interface GlobalPnl {
  total: number;
  drawdownPct?: number;
  grossExposure?: number;
  equity?: number;
  ts: number;
}

/**
 * The gateway's one NATS bridge: core subscriptions (live data, nothing durable: the browser shows
 * "now", the streams keep history) on heartbeats, P&L, orders and candles, counters on every flow
 * edge, and a KV watch on the halt switch. It keeps the latest value of each (for snapshots and
 * REST) and hands every update to the connections that subscribed to its topic.
 */
export class LiveHub implements LiveState {
  private readonly beatMap = new Map<string, ServiceBeat>();
  private readonly pnlMap = new Map<string, Map<string, StrategyPnl>>();
  private readonly pnlHistory = new Map<string, StrategyPnl[]>();
  private globalPnl: GlobalPnl | undefined;
  private readonly equities = new EquityDrawdowns();
  private haltState: HaltState = { halted: false };
  private readonly orderRows = new Map<string, OrderRow>();
  private readonly candles = new Map<string, CandleBar[]>();
  private readonly meter = new FlowMeter();
  private readonly connections = new Set<LiveConnection>();
  private readonly tails = new Map<string, { tail: LogTail; users: number; recent: LogLine[] }>();
  private readonly subs: Subscription[] = [];
  private flowTimer: NodeJS.Timeout | undefined;
  private haltWatch: { stop(): void } | undefined;
  /** Which node (laptop) runs each service instance, from the instance claims (ADR 0011), by `<service>.<instance>`. */
  private readonly claimNodes = new Map<string, string>();
  private claimsWatch: { stop(): void } | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly config: KV,
    private readonly home: string,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  async start(): Promise<void> {
    await this.seed();
    const sub = (subject: string, handle: (subject: string, data: Uint8Array) => void) => {
      this.subs.push(
        this.nc.subscribe(subject, {
          callback: (err, msg) => {
            if (err) return this.log.warn({ err: describeError(err), subject }, 'live subscription');
            try {
              handle(msg.subject, msg.data);
            } catch (e) {
              this.log.warn({ err: describeError(e), subject: msg.subject }, 'live update dropped');
            }
          },
        }),
      );
    };
    sub(filters.heartbeats, (s, data) => this.onMessage(data, s));
    sub('pnl.>', (s, data) => this.onMessage(data, s));
    sub(filters.allOrders, (s, data) => this.onMessage(data, s));
    sub(filters.allCandles, (s, data) => this.onMessage(data, s));
    for (const f of COUNTED_ONLY) sub(f, (s, data) => this.meter.countSampled(s, this.now(), () => eventTs(data)));
    await this.nc.flush();
    await this.watchHalt();
    await this.watchClaims();
    this.flowTimer = setInterval(() => this.broadcast({ kind: 'flows', rates: this.meter.rates(this.now()) }), 500);
    this.flowTimer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.flowTimer) clearInterval(this.flowTimer);
    this.haltWatch?.stop();
    this.claimsWatch?.stop();
    for (const s of this.subs) s.unsubscribe();
    for (const t of this.tails.values()) t.tail.stop();
    this.tails.clear();
  }

  // --- connections -------------------------------------------------------------------------

  attach(conn: LiveConnection): void {
    this.connections.add(conn);
  }

  /** Idempotent: a socket that errors also closes, and detaches twice; its log tails are released once. */
  detach(conn: LiveConnection): void {
    if (!this.connections.delete(conn)) return;
    this.setLogTopics([...conn.topics], []);
  }

  /** Applies a connection's new topic set and returns the snapshot of the topics it did not have before. */
  subscribe(conn: LiveConnection, topics: readonly LiveTopic[]): LiveUpdate[] {
    const before = [...conn.topics];
    const added = conn.subscribe(topics);
    this.setLogTopics(before, topics);
    return added.flatMap((t) => this.snapshot(t));
  }

  private snapshot(topic: LiveTopic): LiveUpdate[] {
    if (topic === 'heartbeats') return this.beats().map((beat) => ({ kind: 'heartbeat', beat }));
    // The history first: the browser appends points in order and drops any older than its last.
    if (topic === 'pnl') return [{ kind: 'pnlHistory', points: this.pnlPoints() }, this.pnlUpdate()];
    if (topic === 'halt') return [{ kind: 'halt', halt: this.haltState }];
    if (topic === 'flows') return [{ kind: 'flows', rates: this.meter.rates(this.now()) }];
    if (topic === 'orders') return this.orders(SNAPSHOT_ORDERS).reverse().map((order) => ({ kind: 'order', order }));
    if (topic.startsWith('candles:')) return (this.candles.get(topic.slice('candles:'.length)) ?? []).map((bar) => ({ kind: 'candle', bar }));
    if (topic.startsWith('logs:')) return (this.tails.get(topic.slice('logs:'.length))?.recent ?? []).map((line) => ({ kind: 'log', line }));
    return [];
  }

  /** Reference-counted log tails: one per service, however many browsers watch it. A connection's topics went from `before` to `now`. */
  private setLogTopics(before: readonly LiveTopic[], now: readonly LiveTopic[]): void {
    const services = (ts: readonly LiveTopic[]) => new Set(ts.filter((t) => t.startsWith('logs:')).map((t) => t.slice('logs:'.length)));
    const had = services(before);
    const has = services(now);
    for (const s of has) {
      if (had.has(s)) continue;
      let entry = this.tails.get(s);
      if (!entry) {
        const recent: LogLine[] = [];
        const tail = new LogTail(join(this.home, 'logs'), s, (line) => {
          recent.push(line);
          if (recent.length > SNAPSHOT_LOG_LINES) recent.shift();
          this.broadcast({ kind: 'log', line });
        }, this.now);
        recent.push(...tail.start(SNAPSHOT_LOG_LINES));
        entry = { tail, users: 0, recent };
        this.tails.set(s, entry);
      }
      entry.users += 1;
    }
    for (const s of had) {
      if (has.has(s)) continue;
      const entry = this.tails.get(s);
      if (!entry) continue;
      entry.users -= 1;
      if (entry.users <= 0) {
        entry.tail.stop();
        this.tails.delete(s);
      }
    }
  }

  private broadcast(update: LiveUpdate): void {
    for (const c of this.connections) c.push(update);
  }

  // --- LiveState ---------------------------------------------------------------------------

  beats(): ServiceBeat[] {
    return [...this.beatMap.values()].sort((a, b) => `${a.service}.${a.instance}`.localeCompare(`${b.service}.${b.instance}`));
  }

  pnl(): { strategies: StrategyPnl[]; global?: GlobalPnl } {
    return this.pnlUpdate();
  }

  equityPeaks(): EquityPeaksNow {
    return this.equities;
  }

  halt(): HaltState {
    return this.haltState;
  }

  orders(limit: number): OrderRow[] {
    return newestOrders(this.orderRows, limit);
  }

  // --- NATS --------------------------------------------------------------------------------

  /** Every strategy's kept P&L points, oldest first (ties in strategy order). */
  private pnlPoints(): StrategyPnl[] {
    const points = [...this.pnlHistory.values()].flat();
    return points.sort((a, b) => a.ts - b.ts || a.strategyId.localeCompare(b.strategyId));
  }

  private recordPnlPoint(point: StrategyPnl): void {
    let points = this.pnlHistory.get(point.strategyId);
    if (!points) this.pnlHistory.set(point.strategyId, (points = []));
    pushTimePoint(points, point, MAX_PNL_POINTS);
  }

  private pnlUpdate(): { kind: 'pnl'; strategies: StrategyPnl[]; global?: GlobalPnl } {
    const strategies: StrategyPnl[] = [];
    for (const [strategyId, byInstrument] of this.pnlMap) strategies.push(strategyPnl(strategyId, byInstrument));
    strategies.sort((a, b) => a.strategyId.localeCompare(b.strategyId));
    return this.globalPnl ? { kind: 'pnl', strategies, global: this.globalPnl } : { kind: 'pnl', strategies };
  }

  private onMessage(data: Uint8Array, subject: string): void {
    const at = this.now();
    const decoded = decodeEvent(data);
    if (!decoded.ok) return this.meter.count(subject, at);
    this.meter.count(subject, at, decoded.event.ts);
    this.onEvent(decoded.event as HeliosEvent, at);
  }

  private onEvent(event: HeliosEvent, at: number): void {
    switch (event.type) {
      case 'system.heartbeat': {
        const hb = (event as HeliosEvent<'system.heartbeat'>).payload;
        const key = `${hb.service}.${hb.instance}`;
        const runsOn = this.claimNodes.get(key);
        const beat: ServiceBeat = { service: hb.service, instance: hb.instance, receivedAt: at, heartbeat: hb, ...(runsOn === undefined ? {} : { runsOn }) };
        this.beatMap.set(key, beat);
        this.broadcast({ kind: 'heartbeat', beat });
        return;
      }
      case 'pnl.update': {
        const p = (event as HeliosEvent<'pnl.update'>).payload;
        let byInstrument = this.pnlMap.get(p.strategyId);
        if (!byInstrument) this.pnlMap.set(p.strategyId, (byInstrument = new Map()));
        byInstrument.set(p.instrument ?? '', { strategyId: p.strategyId, realized: p.realized, unrealized: p.unrealized, total: p.realized + p.unrealized, ts: event.ts });
        this.recordPnlPoint(strategyPnl(p.strategyId, byInstrument));
        this.equities.observeStrategy(p.strategyId, p.equity, event.ts);
        this.broadcast(this.pnlUpdate());
        return;
      }
      case 'pnl.global': {
        const g = (event as HeliosEvent<'pnl.global'>).payload;
        this.globalPnl = { total: g.realized + g.unrealized, drawdownPct: g.drawdownPct, grossExposure: g.grossExposure, equity: g.equity, ts: event.ts };
        this.equities.observePortfolio(g.equity, event.ts);
        this.broadcast(this.pnlUpdate());
        return;
      }
      case 'md.candle': {
        const c = (event as HeliosEvent<'md.candle'>).payload;
        const bar: CandleBar = { symbol: c.symbol, tf: c.tf, t: c.openTime, o: c.open, h: c.high, l: c.low, c: c.close, v: c.volume };
        let list = this.candles.get(c.symbol);
        if (!list) this.candles.set(c.symbol, (list = []));
        // A forming bar replaces the bar of the same open time.
        if (list.length > 0 && list[list.length - 1].t === bar.t) list[list.length - 1] = bar;
        else list.push(bar);
        if (list.length > MAX_CANDLES) list.splice(0, list.length - MAX_CANDLES);
        this.broadcast({ kind: 'candle', bar });
        return;
      }
      default:
        if (isOrderEvent(event)) {
          const order = applyOrderEvent(this.orderRows, event, at);
          trimOrders(this.orderRows, MAX_ORDERS);
          this.broadcast({ kind: 'order', order: { ...order } });
        }
    }
  }

  /**
   * What the streams already hold, so the first view after a (re)start of the gateway is complete:
   * the newest heartbeat of every instance, the P&L history and the candles of the PNL and MD
   * streams' tails, the newest P&L of every strategy, and the orders of the ORDER stream's tail.
   * Read before the live subscriptions start (an event in between is missed, and the next
   * heartbeat, P&L or candle replaces it anyway).
   */
  private async seed(): Promise<void> {
    const seeded = async (what: string, read: () => Promise<StoredEventRow[]>) => {
      try {
        for (const r of await read()) this.onEvent(r.event, r.storedAt);
      } catch (err) {
        this.log.warn({ err: describeError(err), what }, 'could not read the history for the live view');
      }
    };
    await seeded('heartbeats', () => lastPerSubject(this.js, 'SYSTEM', filters.heartbeats));
    // The history oldest first, then the newest of every subject: that reaches a strategy quiet for
    // longer than the tail, and pnl.global. Applying again an update the tail applied changes nothing.
    await seeded('pnl history', () => tailOf(this.js, this.jsm, 'PNL', filters.allPnlUpdates, SEED_SCAN, SEED_SCAN));
    // The portfolio's equity history, for the peak of its day (a daily drawdown limit's usage).
    await seeded('portfolio equity history', () => tailOf(this.js, this.jsm, 'PNL', filters.pnlGlobal, SEED_SCAN, SEED_SCAN));
    await seeded('pnl', () => lastPerSubject(this.js, 'PNL', 'pnl.>'));
    await seeded('candles', () => tailOf(this.js, this.jsm, 'MD', filters.allCandles, SEED_SCAN, SEED_SCAN));
    await seeded('orders', () => tailOf(this.js, this.jsm, 'ORDER', filters.allOrders, MAX_ORDERS * 4));
  }

  /**
   * Keeps `claimNodes` from the lease bucket's `instance.<service>.<instance>` keys (their current
   * values first) and shows a change on the instance's beat at once. Without the bucket (a server
   * without the topology) nothing is known and beats carry no `runsOn`.
   */
  private async watchClaims(): Promise<void> {
    const leases = await new Kvm(this.nc).open(KV_BUCKETS.leases).catch(() => undefined);
    if (leases === undefined) return;
    const iter = await leases.watch({ key: INSTANCE_CLAIMS });
    this.claimsWatch = { stop: () => iter.stop() };
    const apply = (entry: KvWatchEntry) => {
      const claimed = parseInstanceClaimKey(entry.key);
      if (claimed === undefined) return;
      const key = `${claimed.service}.${claimed.instance}`;
      const node = claimNode(entry);
      if (node === undefined) this.claimNodes.delete(key);
      else this.claimNodes.set(key, node);
      const beat = this.beatMap.get(key);
      if (beat === undefined || beat.runsOn === node) return;
      const { runsOn: _old, ...rest } = beat;
      const updated: ServiceBeat = node === undefined ? rest : { ...rest, runsOn: node };
      this.beatMap.set(key, updated);
      this.broadcast({ kind: 'heartbeat', beat: updated });
    };
    void (async () => {
      for await (const e of iter) apply(e);
    })().catch((err: unknown) => this.log.warn({ err: describeError(err) }, 'claims watch ended'));
  }

  private async watchHalt(): Promise<void> {
    const apply = (entry: KvWatchEntry) => {
      try {
        const h = haltOfEntry(entry);
        this.haltState = { halted: h.halted, reason: h.reason, since: entry.created.getTime() };
      } catch (err) {
        // Risk checks fail closed on an unreadable switch; so does the view.
        this.haltState = { halted: true, reason: describeError(err), since: entry.created.getTime() };
      }
      this.broadcast({ kind: 'halt', halt: this.haltState });
    };
    const iter = await this.config.watch({ key: HALT_KEY });
    this.haltWatch = { stop: () => iter.stop() };
    void (async () => {
      for await (const e of iter) apply(e);
    })().catch((err: unknown) => this.log.warn({ err: describeError(err) }, 'halt watch ended'));
  }
}

const utf8 = new TextDecoder();

/** The `ts` of an event without validating it (sampling latencies on busy edges). */
function eventTs(data: Uint8Array): number | undefined {
  try {
    const ts = (JSON.parse(utf8.decode(data)) as { ts?: unknown }).ts;
    return typeof ts === 'number' ? ts : undefined;
  } catch {
    return undefined;
  }
}

/** A strategy's P&L: the sum over its instruments' latest updates, as of the newest of them. */
function strategyPnl(strategyId: string, byInstrument: ReadonlyMap<string, StrategyPnl>): StrategyPnl {
  let realized = 0;
  let unrealized = 0;
  let ts = 0;
  for (const p of byInstrument.values()) {
    realized += p.realized;
    unrealized += p.unrealized;
    ts = Math.max(ts, p.ts);
  }
  return { strategyId, realized, unrealized, total: realized + unrealized, ts };
}
