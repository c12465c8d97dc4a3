import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { encodeEvent, KV_BUCKETS, subjects } from '@helios/contracts';
import { ensureTopology } from '@helios/nats';
import { startNatsServer, type NatsServerHandle } from '@helios/nats-server';
import { exitReport, killProcesses, running, spawnServiceProcess, stopProcesses, type ServiceProcess } from './service-processes';
import { repoRoot } from './repo-root';
import { benchInstruments, zigzagCandle } from './zigzag-candles';

/** The service recovered: it has snapshot hooks and reads every candle. */
export const RECOVERY_SERVICE = 'portfolio';
const INSTANCE = 'recovery';
const PUBLISH_WINDOW = 2_000;

export interface RecoveryBenchOptions {
  /** Candles in the stream before the first (cold) start. */
  events: number;
  /** Candles published while the service is down, after its snapshot: what the second start replays. */
  tail: number;
  instruments: number;
  /** How long one start may take before the bench gives up. */
  startTimeoutMs: number;
  progress(line: string): void;
  stopped(): boolean;
}

export interface RecoveryStart {
  /** Process spawned -> heartbeat `live` with lag 0. */
  ms: number;
  /** Inputs the start-up replay applied (the heartbeat's `replayed`). */
  replayed: number;
  /** The replay alone, as the service logs it (`start-up replay done`); the rest is process start-up. */
  replayMs: number | null;
}

/** The `ms` of the service's `start-up replay done` log line. */
export function replayMsOf(output: string): number | null {
  for (const line of output.split('\n')) {
    if (!line.includes('start-up replay done')) continue;
    try {
      const ms = (JSON.parse(line) as { ms?: unknown }).ms;
      if (typeof ms === 'number') return ms;
    } catch {
      // a partial line at the start of the kept output
    }
  }
  return null;
}

export interface RecoveryBenchResult {
  service: string;
  events: number;
  tail: number;
  /** Publishing the stream (not part of the recovery): candles per second. */
  publishPerSec: number;
  /** First start: no snapshot, the whole stream replayed. */
  withoutSnapshot: RecoveryStart;
  /** Second start: the snapshot its stop saved, then only the tail replayed. */
  withSnapshot: RecoveryStart;
  /** withoutSnapshot.ms / withSnapshot.ms. */
  ratio: number;
  /** The stream sequence the snapshot covered. */
  snapshotCovered: number | null;
}

/** Publishes candles n = from..to-1 with up to PUBLISH_WINDOW acks outstanding. */
async function publishCandles(nc: NatsConnection, instruments: readonly string[], from: number, to: number, o: RecoveryBenchOptions): Promise<void> {
  const js = jetstream(nc);
  const inFlight = new Set<Promise<unknown>>();
  const step = Math.max(1, Math.floor((to - from) / 10));
  for (let n = from; n < to && !o.stopped(); n++) {
    const { subject, event } = zigzagCandle(instruments, n);
    const p = js.publish(subject, encodeEvent(event), { timeout: 30_000 }).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= PUBLISH_WINDOW) await Promise.race(inFlight);
    if ((n - from + 1) % step === 0 && to - from >= 10_000) o.progress(`  ${n - from + 1} of ${to - from} published`);
  }
  await Promise.all(inFlight);
}

/** Spawns the service and resolves when a heartbeat says it is live with no lag. */
async function startAndTime(nc: NatsConnection, natsUrl: string, o: RecoveryBenchOptions, track: (p: ServiceProcess) => void): Promise<RecoveryStart> {
  let live: { replayed: number } | undefined;
  const sub = nc.subscribe(subjects.heartbeat(RECOVERY_SERVICE, INSTANCE), {
    callback: (err, msg) => {
      if (err || live !== undefined) return;
      try {
        const beat = msg.json<{ payload: { lagMsgs: number; details?: { phase?: string; replayed?: number } } }>().payload;
        if (beat.details?.phase === 'live' && beat.lagMsgs === 0) live = { replayed: beat.details.replayed ?? 0 };
      } catch {
        // not a heartbeat the bench understands: wait for the next
      }
    },
  });
  try {
    const started = performance.now();
    const p = spawnServiceProcess(repoRoot(), RECOVERY_SERVICE, ['--nats', natsUrl, '--instance', INSTANCE, '--http-port', '0', '--log-level', 'info']);
    track(p);
    // Heartbeats come every second: poll the flag finely, the figure is the first live one's arrival.
    for (;;) {
      if (live !== undefined) return { ms: performance.now() - started, replayed: live.replayed, replayMs: replayMsOf(p.output()) };
      if (!running(p.child)) throw new Error(exitReport(p, ' before it was live'));
      if (o.stopped()) throw new Error('interrupted');
      if (performance.now() - started > o.startTimeoutMs) throw new Error(`${RECOVERY_SERVICE} not live with lag 0 after ${o.startTimeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    sub.unsubscribe();
  }
}

/** SIGTERM (the service saves its snapshot), SIGKILL after 30 s. */
const stopGracefully = (p: ServiceProcess): Promise<void> => stopProcesses([p], 30_000);

/**
 * The time a service takes to recover its state from a long input stream: publish `events` candles,
 * start the portfolio service cold (no snapshot: it replays them all), stop it (it saves a
 * snapshot), publish `tail` more, start it again (snapshot + tail). See docs/adr/0012.
 */
export async function runRecoveryBench(o: RecoveryBenchOptions): Promise<RecoveryBenchResult> {
  let server: NatsServerHandle | undefined;
  let nc: NatsConnection | undefined;
  const processes: ServiceProcess[] = [];
  const killAll = () => {
    killProcesses(processes);
    server?.killNow();
  };
  process.once('exit', killAll);
  try {
    // No fsync per write here: it would make publishing a million events take minutes, and it does not change what a replay reads.
    o.progress('starting nats-server (temporary store)');
    server = await startNatsServer({ name: 'helios-bench' });
    nc = await connect({ servers: server.url });
    await ensureTopology(nc, { replicas: 1 });
    const kv = await new Kvm(nc).open(KV_BUCKETS.config);
    await kv.put(`service.${RECOVERY_SERVICE}`, JSON.stringify({ defaultCapital: 10_000, recordCurve: false }));
    const instruments = benchInstruments(o.instruments);

    o.progress(`publishing ${o.events} candles to MD`);
    const t0 = performance.now();
    await publishCandles(nc, instruments, 0, o.events, o);
    const publishPerSec = (o.events * 1000) / (performance.now() - t0);
    if (o.stopped()) throw new Error('interrupted');

    o.progress(`starting ${RECOVERY_SERVICE} cold (no snapshot): replays all ${o.events}`);
    const first = await startAndTime(nc, server.url, o, (p) => processes.push(p));
    await stopGracefully(processes[processes.length - 1]);
    const snaps = await new Kvm(nc).open(KV_BUCKETS.snapshots);
    const entry = await snaps.get(`${RECOVERY_SERVICE}.${INSTANCE}`);
    const snapshotCovered = entry === null || entry.length === 0 ? null : ((entry.json<{ covered?: Record<string, number> }>().covered ?? {})['MD'] ?? null);

    o.progress(`publishing ${o.tail} more candles while it is down`);
    await publishCandles(nc, instruments, o.events, o.events + o.tail, o);
    o.progress(`starting ${RECOVERY_SERVICE} again: snapshot + ${o.tail} replayed`);
    const second = await startAndTime(nc, server.url, o, (p) => processes.push(p));
    await stopGracefully(processes[processes.length - 1]);
    return {
      service: RECOVERY_SERVICE,
      events: o.events,
      tail: o.tail,
      publishPerSec,
      withoutSnapshot: first,
      withSnapshot: second,
      ratio: first.ms / second.ms,
      snapshotCovered,
    };
  } finally {
    for (const p of processes) await stopGracefully(p).catch(() => undefined);
    await nc?.close().catch(() => undefined);
    await server?.stop().catch(() => server?.killNow());
    process.removeListener('exit', killAll);
  }
}
