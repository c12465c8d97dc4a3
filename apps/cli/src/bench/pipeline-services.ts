import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { KV_BUCKETS, subjects } from '@helios/contracts';
import { BENCH_TF } from './zigzag-candles';
import type { BenchStrategy } from './bench-market';
import { repoRoot } from './repo-root';

/** The services between a candle and its fill, in pipeline order. */
export const PIPELINE_SERVICES = ['strategy-runner', 'risk-gate', 'order-engine', 'paper-exchange', 'portfolio'] as const;
export const BENCH_INSTANCE = 'bench';
export const BENCH_ACCOUNT = 'paper';
const CAPITAL = 10_000;

/** KV `helios-config` entries for the run: the market's sma-cross strategies, each on every instrument. */
export function benchConfig(strategies: readonly BenchStrategy[], instruments: readonly string[]): Record<string, unknown> {
  const ids = strategies.map((s) => s.id);
  if (new Set(ids).size !== ids.length) throw new Error(`benchConfig: strategy ids must be distinct, got ${ids.join(', ')}`);
  const config: Record<string, unknown> = {};
  for (const s of strategies) config[`strategy.${s.id}`] = { id: s.id, template: 'sma-cross', params: s.params, instruments, timeframe: BENCH_TF };
  config['risk.limits'] = {
    strategies: Object.fromEntries(ids.map((id) => [id, { allocation: 1 / ids.length, initialEquity: CAPITAL }])),
    instrumentDefaults: { priceCollarBps: 1_000 },
    // The feed flips every target on every bar: a rate limit would measure rejections, not the pipeline.
    orderRate: { maxApprovals: 100_000, windowMs: 1_000 },
  };
  config['service.order-engine'] = { account: BENCH_ACCOUNT, initialCapital: CAPITAL, defaultLotSize: 0.0001 };
  config['service.paper-exchange'] = { fillOn: 'bar-open', defaultInstrument: { lotSize: 0.0001 } };
  config['service.portfolio'] = { defaultCapital: CAPITAL, recordCurve: false };
  return config;
}

export async function writeBenchConfig(nc: NatsConnection, config: Record<string, unknown>): Promise<void> {
  const kv = await new Kvm(nc).open(KV_BUCKETS.config);
  for (const [key, value] of Object.entries(config)) await kv.put(key, JSON.stringify(value));
}

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  output(): string;
}

export interface RunningPipeline {
  processes: ServiceProcess[];
  /** SIGTERM to all, SIGKILL to what is left after `graceMs`; resolves when all have exited. */
  stop(graceMs?: number): Promise<void>;
  /** Synchronous SIGKILL of every process still running (process exit, Ctrl-C). */
  killNow(): void;
}

const OUTPUT_KEPT = 20_000;

function spawnOne(root: string, name: string, natsUrl: string): ServiceProcess {
  const extra = name === 'strategy-runner' ? ['--all'] : name === 'risk-gate' ? ['--candidate', `bench-${process.pid}`] : [];
  return spawnServiceProcess(root, name, ['--nats', natsUrl, '--instance', BENCH_INSTANCE, '--http-port', '0', '--log-level', 'warn', ...extra]);
}

/** `node apps/<name>/bin/<name>.js ...args` from the workspace root, keeping the tail of its output. */
export function spawnServiceProcess(root: string, name: string, serviceArgs: readonly string[]): ServiceProcess {
  // E.g. HELIOS_BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the services (NODE_OPTIONS refuses --cpu-prof).
  const nodeFlags = (process.env['HELIOS_BENCH_NODE_FLAGS'] ?? '').split(' ').filter((f) => f !== '');
  const args = [...nodeFlags, join(root, 'apps', name, 'bin', `${name}.js`), ...serviceArgs];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-OUTPUT_KEPT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { name, child, output: () => out };
}

export const running = (c: ChildProcess): boolean => c.exitCode === null && c.signalCode === null;

/**
 * Starts the five services as processes (`node apps/<name>/bin/<name>.js`) and resolves once each
 * one's heartbeat says it is live. A process that exits first fails the start with its output.
 */
export async function startPipeline(nc: NatsConnection, natsUrl: string, timeoutMs = 45_000): Promise<RunningPipeline> {
  const root = repoRoot();
  const live = new Set<string>();
  const sub = nc.subscribe('system.heartbeat.*.' + BENCH_INSTANCE, {
    callback: (err, msg) => {
      if (err) return;
      try {
        const beat = msg.json<{ payload: { details?: { phase?: string } } }>();
        if (beat.payload.details?.phase === 'live') live.add(msg.subject);
      } catch {
        // a heartbeat that is not JSON is the service's problem, not the benchmark's
      }
    },
  });
  const processes = PIPELINE_SERVICES.map((name) => spawnOne(root, name, natsUrl));
  const killNow = () => {
    for (const p of processes) if (running(p.child)) p.child.kill('SIGKILL');
  };
  const stop = async (graceMs = 5_000) => {
    const exits = processes.filter((p) => running(p.child)).map((p) => new Promise<void>((resolve) => p.child.once('exit', () => resolve())));
    for (const p of processes) if (running(p.child)) p.child.kill('SIGTERM');
    const timer = setTimeout(killNow, graceMs);
    await Promise.all(exits);
    clearTimeout(timer);
  };
  try {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const dead = processes.find((p) => !running(p.child));
      if (dead) throw new Error(`${dead.name} exited (code ${dead.child.exitCode ?? dead.child.signalCode}) before it was live:\n${dead.output().slice(-3000)}`);
      const waiting = PIPELINE_SERVICES.filter((n) => !live.has(subjects.heartbeat(n, BENCH_INSTANCE)));
      if (waiting.length === 0) break;
      if (performance.now() > deadline) throw new Error(`not live after ${timeoutMs} ms: ${waiting.join(', ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (err) {
    await stop(1_000);
    throw err;
  } finally {
    sub.unsubscribe();
  }
  return { processes, stop, killNow };
}
