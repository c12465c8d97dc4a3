import { BOUNDED_ID_PATTERN, type HeliosEvent } from '@helios/contracts';
import type { TSchema } from 'typebox';
import type { Logger } from 'pino';
import type { InputSpec } from './inputs';
import type { ServiceDecider } from './service-decider';

/** How the durable consumers of a service are configured. */
export interface ConsumerTuning {
  /** Redelivery after this long without an ack (the handler extends it while it works). */
  ackWaitMs: number;
  /** Attempts before a message that keeps failing is dead-lettered as poison. */
  maxDeliver: number;
  /** Messages delivered and not yet acked at most; the server holds back the rest. */
  maxAckPending: number;
  /** Delay before redelivering after a failed attempt n: backoffMs[n - 1], the last repeating. */
  backoffMs: number[];
  /** Messages pulled ahead of the handler. */
  prefetch: number;
}

export const DEFAULT_CONSUMER_TUNING: Readonly<ConsumerTuning> = {
  ackWaitMs: 10_000,
  maxDeliver: 5,
  maxAckPending: 256,
  backoffMs: [500, 2_000, 10_000],
  prefetch: 64,
};

export interface ReconfigureResult<S> {
  decider: ServiceDecider<S>;
  state: S;
}

export interface ServiceOptions<S, C> {
  /** Service name: subject token of its heartbeats, commands and dead letters. */
  name: string;
  /** Instance name; each instance has its own consumers, state and snapshot. */
  instance: string;
  /** Builds the decider from the effective configuration. */
  decider: (config: C) => ServiceDecider<S>;
  /** Event types or subject filters the service consumes; one durable consumer per stream. */
  inputs: readonly InputSpec[];
  /** typebox schema of the configuration, and the defaults the given configuration is laid over. */
  configSchema: TSchema;
  defaultConfig: C;
  /**
   * The configuration (top-level keys over the defaults). When absent, the service reads KV
   * `helios-config` key `service.<name>`, and uses the defaults when that is absent too.
   */
  config?: unknown;
  /** Applies a valid `reconfigure` command; by default the decider is rebuilt and the state kept. */
  reconfigure?: (current: ReconfigureResult<S>, config: C) => ReconfigureResult<S>;
  /** Snapshot (and compact the applied-sequence bookkeeping) every N applied events; 0 never (default 1000). */
  snapshotEvery?: number;
  /**
   * ... and not more often than this (ms). Default: 5,000 when `snapshotEvery` is left at its
   * default, 0 when it is set. Finding a consistent point holds the input queue for a round trip or
   * two; at thousands of inputs per second, every 1,000 inputs would be several stalls a second
   * (ADR 0012). A restart then replays at most max(snapshotEvery inputs, this long of inputs).
   */
  snapshotMinIntervalMs?: number;
  natsUrl: string;
  /** Loopback port of /healthz and /metrics; 0 picks a free one (default). */
  httpPort?: number;
  httpHost?: string;
  /** The service's P&L for its heartbeat, when it has one. */
  pnl?: (state: S) => number | undefined;
  consumer?: Partial<ConsumerTuning>;
  /** Larger message bodies are dead-lettered as `oversized` (default: the streams' 256 KiB limit). */
  maxEventBytes?: number;
  heartbeatMs?: number;
  /** `run` of heartbeats (default `live`; a scoped service's is its scope). */
  run?: string;
  /**
   * Run scope of a distributed replay: everything of the service under `bt.<scope>.` (RunScope,
   * docs/adr/0016-distributed-replay.md). Unset for live and paper trading.
   */
  scope?: string;
  /** Consume from `bt.<inputScope>.` instead of the run's own subjects (the replay driver's per-service feed). */
  inputScope?: string;
  logger?: Logger;
  /** Called after a `stop` command has stopped the service (a process exits 0 there). */
  onStopCommand?: () => void;
  /**
   * One process per service instance in the whole system (InstanceClaim, ADR 0011): the claim's
   * node (default HELIOS_NODE, else the host name) and TTL (default 10 s); `false` for a service that
   * guarantees it otherwise (the risk gate's election).
   */
  instanceClaim?: false | { node?: string; ttlMs?: number };
  /** Called after the service stopped because another process took its instance claim (a process exits 1 there). */
  onClaimLost?: (why: string) => void;
  /** Aborting it stops the service, also while it is still starting (e.g. on SIGTERM during a long replay). */
  abortSignal?: AbortSignal;
  /** Test seams. `afterPublish` runs once an input's outputs are stored and before it is acked (live inputs are applied before publishing). */
  hooks?: { afterPublish?: (input: HeliosEvent) => void };
}

const ID = new RegExp(BOUNDED_ID_PATTERN);

function wholeNumber(value: unknown, name: string, min: number, where: string): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < min)) {
    throw new Error(`${where}: ${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  }
}

/** Checks the options a caller can get wrong and names the first one that is. */
export function checkServiceOptions<S, C>(o: ServiceOptions<S, C>): ConsumerTuning {
  const where = `createService(${JSON.stringify(o?.name)})`;
  if (o === null || typeof o !== 'object') throw new Error('createService: options are required');
  if (typeof o.name !== 'string' || !ID.test(o.name)) throw new Error(`${where}: name must match ${ID}, got ${JSON.stringify(o.name)}`);
  if (typeof o.instance !== 'string' || !ID.test(o.instance)) {
    throw new Error(`${where}: instance must match ${ID}, got ${JSON.stringify(o.instance)}`);
  }
  if (typeof o.decider !== 'function') throw new Error(`${where}: decider must be a function (config) => decider`);
  if (o.configSchema === null || typeof o.configSchema !== 'object') throw new Error(`${where}: configSchema must be a typebox schema`);
  if (typeof o.natsUrl !== 'string' || o.natsUrl.length === 0) throw new Error(`${where}: natsUrl must be a non-empty string`);
  wholeNumber(o.snapshotEvery, 'snapshotEvery', 0, where);
  wholeNumber(o.snapshotMinIntervalMs, 'snapshotMinIntervalMs', 0, where);
  wholeNumber(o.httpPort, 'httpPort', 0, where);
  if (o.httpPort !== undefined && o.httpPort > 65535) throw new Error(`${where}: httpPort must be <= 65535, got ${o.httpPort}`);
  wholeNumber(o.maxEventBytes, 'maxEventBytes', 1, where);
  wholeNumber(o.heartbeatMs, 'heartbeatMs', 10, where);
  const tuning: ConsumerTuning = { ...DEFAULT_CONSUMER_TUNING, ...(o.consumer ?? {}) };
  wholeNumber(tuning.ackWaitMs, 'consumer.ackWaitMs', 100, where);
  wholeNumber(tuning.maxDeliver, 'consumer.maxDeliver', 1, where);
  wholeNumber(tuning.maxAckPending, 'consumer.maxAckPending', 1, where);
  wholeNumber(tuning.prefetch, 'consumer.prefetch', 1, where);
  if (!Array.isArray(tuning.backoffMs) || tuning.backoffMs.some((ms) => !Number.isFinite(ms) || ms < 0)) {
    throw new Error(`${where}: consumer.backoffMs must be an array of numbers >= 0`);
  }
  return tuning;
}
