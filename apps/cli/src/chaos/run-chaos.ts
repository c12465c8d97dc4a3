import { writeFileSync } from 'node:fs';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { DEMO_STRATEGIES, DEMO_SYMBOL, DEMO_TF, KV_BUCKETS, LIMITS_KEY, paperDemoConfig, subjects, type DemoStrategy, type HeliosEvent } from '@helios/contracts';
import { ensureTopology, natsConnectTarget, redactNatsUrl } from '@helios/nats';
import { startNatsServer, type NatsServerHandle } from '@helios/nats-server';
import type { RiskConfigInput } from '@helios/domain-risk';
import { btcFile } from '../bench/btc-candles';
import { repoRoot } from '../bench/repo-root';
import { analyseRun, type ChaosAnalysis } from './chaos-analysis';
import { CHAOS_RUN, chaosFeed, RELEASE_KEY } from './chaos-setup';
import { canonicalRunHash, LOG_STREAMS, readRunLog } from './event-log';
import { createPrng } from '@helios/domain-market-data';
import { runReference } from './reference-run';
import { ServiceFleet, type Member, type ServiceSpec } from './service-fleet';
import { busyConsumers } from './settle';

export interface ChaosOptions {
  durationMs: number;
  seed: number;
  /** Mean time between kills (each one 0.5x..1.5x of it, from the seed). */
  killEveryMs: number;
  /** A user's server; default: a private nats-server. */
  natsUrl?: string;
  dataFile?: string;
  /** Kill these `service/instance`s in this order instead of random victims (the test's schedule). */
  victims?: readonly string[];
  /** Stop after this many bars even if time is left. */
  maxBars?: number;
  strategies?: readonly DemoStrategy[];
  /** Longest wait for the system to settle after a bar, or for a restarted service (default 90 s). */
  stallTimeoutMs?: number;
  progress(line: string): void;
  stopped(): boolean;
}

export interface KillRecord {
  victim: string;
  /** Bars released before the kill. */
  atBar: number;
  /** Wall time of the SIGKILL (ms). */
  killedAt: number;
  /** SIGKILL -> the restarted process's heartbeat says live with consumer lag 0. */
  recoveryMs: number;
}

export interface ChaosResult extends ChaosAnalysis {
  kills: number;
  pnlMatches: boolean;
  pnl: number;
  referencePnl: number;
  runHash: string;
  referenceRunHash: string;
  maxRecoveryMs: number;
  bars: number;
  seed: number;
  feed: string;
  killLog: KillRecord[];
  undecodable: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined> | T | undefined, detail: () => Promise<string> | string = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${Math.round(timeoutMs / 1000)} s ${await detail()}`);
    await sleep(20);
  }
}

/** The drill's processes: every service of the demo, one strategy-runner per strategy. */
function fleetSpecs(natsUrl: string, feedArgs: string[], strategies: readonly DemoStrategy[]): ServiceSpec[] {
  const common = (instance: string) => ['--nats', natsUrl, '--http-port', '0', '--log-level', 'warn', '--instance', instance];
  // Snapshots every 20 inputs, so restarts go through snapshot + tail, not only full replays.
  const shell = (instance: string) => [...common(instance), '--snapshot-every', '20'];
  return [
    { name: 'market-data', instance: 'chaos', args: [...common('chaos'), ...feedArgs, '--run', CHAOS_RUN, '--release-key', RELEASE_KEY] },
    { name: 'indicators', instance: 'chaos', args: shell('chaos') },
    ...strategies.map((s) => ({ name: 'strategy-runner', instance: s.id, args: [...shell(s.id), '--strategy', s.id] })),
    { name: 'risk-gate', instance: 'chaos', args: [...shell('chaos'), '--candidate', `chaos-${process.pid}`, '--lease-ttl-ms', '2000'] },
    { name: 'order-engine', instance: 'chaos', args: shell('chaos') },
    { name: 'paper-exchange', instance: 'chaos', args: shell('chaos') },
    { name: 'portfolio', instance: 'chaos', args: shell('chaos') },
  ];
}

/** A user's server must hold no trading events yet: the drill compares against a run from nothing. */
async function assertFresh(jsm: JetStreamManager, url: string): Promise<void> {
  for (const { stream } of LOG_STREAMS) {
    const info = await jsm.streams.info(stream).catch(() => undefined);
    if (info !== undefined && info.state.messages > 0) {
      throw new Error(`${redactNatsUrl(url)} already holds ${info.state.messages} events in stream ${stream}: the drill needs a server without Helios events (services are not run-scoped yet); run it without --nats (a private server) or on a fresh cluster`);
    }
  }
}

class Resources {
  server: NatsServerHandle | undefined;
  nc: NatsConnection | undefined;
  fleet: ServiceFleet | undefined;
  private readonly onExit = () => {
    this.fleet?.killNow();
    this.server?.killNow();
  };
  constructor() {
    process.once('exit', this.onExit);
  }
  async release(): Promise<void> {
    await this.fleet?.stop().catch(() => this.fleet?.killNow());
    await this.nc?.close().catch(() => undefined);
    await this.server?.stop().catch(() => this.server?.killNow());
    process.removeListener('exit', this.onExit);
  }
}

/** `helios chaos`: see docs/adr/0015-chaos-drill.md. */
export async function runChaos(o: ChaosOptions): Promise<ChaosResult> {
  const root = repoRoot();
  const strategies = o.strategies ?? DEMO_STRATEGIES;
  const stallMs = o.stallTimeoutMs ?? 90_000;
  const feed = chaosFeed(o.dataFile, btcFile(root));
  const res = new Resources();
  try {
    let url = o.natsUrl;
    if (url === undefined) {
      res.server = await startNatsServer({ name: 'helios-chaos' });
      url = res.server.url;
    }
    const nc = (res.nc = await connect({ ...natsConnectTarget(url), timeout: 5_000 }));
    const jsm = await jetstreamManager(nc);
    const js = jetstream(nc);
    // A user's cluster keeps its own topology (replicas); a server without one gets the single-node one.
    if (o.natsUrl === undefined || (await jsm.streams.info('MD').catch(() => undefined)) === undefined) await ensureTopology(nc, { replicas: 1 });
    if (o.natsUrl !== undefined) await assertFresh(jsm, url);
    const kv: KV = await new Kvm(nc).open(KV_BUCKETS.config);
    const config = paperDemoConfig(strategies);
    let limitsRevision = 0;
    for (const [k, v] of Object.entries(config)) {
      const rev = await kv.put(k, JSON.stringify(v));
      if (k === LIMITS_KEY) limitsRevision = rev;
    }
    await kv.delete(RELEASE_KEY).catch(() => undefined);

    const fleet = (res.fleet = new ServiceFleet(nc, root));
    const specs = fleetSpecs(url, feed.args, strategies);
    o.progress(`feed: ${feed.description}; starting ${specs.length} service processes`);
    const members = specs.map((s) => fleet.start(s));
    await until('every service live', stallMs, () => {
      members.forEach((m) => fleet.assertRunning(m));
      return members.every((m) => fleet.isLive(m)) || undefined;
    }, () => `(waiting for ${members.filter((m) => !fleet.isLive(m)).map(nameOf).join(', ')})`);

    const candleSubject = subjects.candle(feed.venue, DEMO_SYMBOL, DEMO_TF);
    const lastStoredOpenTime = async (): Promise<number> => {
      const m = await jsm.streams.getMessage('MD', { last_by_subj: candleSubject }).catch(() => null);
      return m === null ? -Infinity : (m.json<HeliosEvent<'md.candle'>>().payload.openTime);
    };
    let recovering: Member | undefined;
    const settled = async (): Promise<boolean> => {
      if (recovering !== undefined || !members.every((m) => fleet.isLive(m))) return false;
      return (await busyConsumers(jsm)).length === 0;
    };
    const why = async () => `(down: ${members.filter((m) => !fleet.isLive(m)).map(nameOf).join(', ') || 'none'}; busy: ${(await busyConsumers(jsm)).join(', ') || 'none'})`;

    const released: number[] = [];
    const killLog: KillRecord[] = [];
    const started = Date.now();
    const maxBars = Math.min(o.maxBars ?? Infinity, feed.openTimes.length);
    let feeding = true;

    const random = createPrng(o.seed).next;
    const killer = (async () => {
      for (let i = 0; feeding && (o.victims === undefined || i < o.victims.length); i++) {
        await sleep(o.victims !== undefined ? o.killEveryMs : o.killEveryMs * (0.5 + random()));
        // Mid-stream: at least one bar has gone out since the previous kill.
        const floor = killLog.length > 0 ? killLog[killLog.length - 1].atBar : 0;
        while (feeding && !o.stopped() && released.length <= floor) await sleep(20);
        if (!feeding || o.stopped()) return;
        const victim = o.victims !== undefined ? members.find((m) => nameOf(m) === o.victims?.[i]) : members[Math.floor(random() * members.length)];
        if (victim === undefined) throw new Error(`no such service to kill: ${o.victims?.[i]}`);
        recovering = victim;
        const killedAt = Date.now();
        const atBar = released.length;
        await fleet.killAndRestart(victim);
        await until(`${nameOf(victim)} back after SIGKILL`, stallMs, () => {
          fleet.assertRunning(victim);
          return fleet.isLive(victim, true) || undefined;
        });
        const recoveryMs = Date.now() - killedAt;
        killLog.push({ victim: nameOf(victim), atBar, killedAt, recoveryMs });
        o.progress(`killed ${nameOf(victim)} at bar ${atBar}: live and caught up again after ${recoveryMs} ms`);
        recovering = undefined;
      }
    })();
    killer.catch(() => undefined);

    try {
      for (let k = 0; k < maxBars && !o.stopped(); k++) {
        // A fixed schedule goes on for 10 bars after its last kill, so the last restarted service handles new input too.
        const scheduleDone = o.victims === undefined || (killLog.length >= o.victims.length && k >= killLog[killLog.length - 1].atBar + 10);
        if (Date.now() - started >= o.durationMs && scheduleDone) break;
        const openTime = feed.openTimes[k];
        await kv.put(RELEASE_KEY, String(openTime));
        released.push(openTime);
        await until(`bar ${k} stored and every consequence of it settled`, stallMs, async () => ((await lastStoredOpenTime()) >= openTime && (await settled()) ? true : undefined), why);
        if (k > 0 && k % 50 === 0) o.progress(`${k} bars, ${killLog.length} kills`);
      }
    } finally {
      feeding = false;
    }
    await killer;
    await until('the system to settle after the feed', stallMs, async () => ((await settled()) ? true : undefined), why);

    const portfolio = members.find((m) => m.spec.name === 'portfolio') as Member;
    const settledAt = Date.now();
    const beat = await until('a portfolio heartbeat after the end', 15_000, () => {
      const b = fleet.beat(portfolio);
      return b !== undefined && b.receivedAt > settledAt + 50 ? b : undefined;
    });

    const log = await readRunLog(js, jsm, CHAOS_RUN);
    const candles = log.events.filter((l) => l.event.type === 'md.candle').map((l) => l.event);
    const limits = config[LIMITS_KEY] as RiskConfigInput;
    const reference = runReference(candles, {
      strategies,
      riskLimits: { ...limits, limitsVersion: limitsRevision },
      orderEngine: config['service.order-engine'] as Record<string, unknown>,
      exchange: config['service.paper-exchange'] as Record<string, unknown>,
      portfolio: config['service.portfolio'] as Record<string, unknown>,
    });
    const analysis = analyseRun(log.events, released, reference.events);
    const dump = process.env['HELIOS_CHAOS_DUMP'];
    if (dump) {
      // Both event logs, one JSON line each, and the kill log, to diff a mismatch by hand; per seed, so two drills of one test run keep theirs.
      const prefix = `${dump}.seed${o.seed}`;
      writeFileSync(`${prefix}.chaos.jsonl`, log.events.map((l) => JSON.stringify(l)).join('\n') + '\n');
      writeFileSync(`${prefix}.reference.jsonl`, reference.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
      writeFileSync(`${prefix}.kills.json`, JSON.stringify(killLog, null, 1) + '\n');
    }
    const pnl = beat.pnl ?? NaN;
    return {
      kills: killLog.length,
      ...analysis,
      pnlMatches: pnl === reference.pnl,
      pnl,
      referencePnl: reference.pnl,
      runHash: canonicalRunHash(log.events.map((l) => l.event)),
      referenceRunHash: canonicalRunHash(reference.events),
      maxRecoveryMs: Math.max(0, ...killLog.map((k) => k.recoveryMs)),
      bars: released.length,
      seed: o.seed,
      feed: feed.description,
      killLog,
      undecodable: log.undecodable,
    };
  } finally {
    await res.release();
  }
}

const nameOf = (m: Member) => `${m.spec.name}/${m.spec.instance}`;
