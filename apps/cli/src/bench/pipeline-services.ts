import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { KV_BUCKETS, LIMITS_KEY } from '@helios/contracts';
import { BENCH_TF } from './zigzag-candles';
import type { BenchStrategy } from './bench-market';
import { repoRoot } from './repo-root';
import { startServices, type RunningServices } from './service-processes';

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
  config[LIMITS_KEY] = {
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

/**
 * Starts the five services as processes (`node apps/<name>/bin/<name>.js`) and resolves once each
 * one's heartbeat says it is live. A process that exits first fails the start with its output.
 */
export function startPipeline(nc: NatsConnection, natsUrl: string, timeoutMs = 45_000): Promise<RunningServices> {
  const services = PIPELINE_SERVICES.map((name) => {
    const extra = name === 'strategy-runner' ? ['--all'] : name === 'risk-gate' ? ['--candidate', `bench-${process.pid}`] : [];
    return { name, args: ['--nats', natsUrl, '--instance', BENCH_INSTANCE, '--http-port', '0', '--log-level', 'warn', ...extra] };
  });
  return startServices(nc, { root: repoRoot(), heartbeats: `system.heartbeat.*.${BENCH_INSTANCE}`, services, timeoutMs, stopGraceMs: 5_000 });
}
