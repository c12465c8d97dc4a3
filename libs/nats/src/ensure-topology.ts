import { jetstream, jetstreamManager, type JetStreamManager, type StreamConfig, type StreamInfo } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/nats-core';
import { compareConfig, ConfigReadBackError, type ConfigMismatch } from './config-readback';
import { apiErrorCode, isTransientJetStreamError, NO_PEERS_API_ERROR_CODE } from './jetstream-errors';
import { describeError, retryWithBackoff, type RetryPolicy } from './retry';
import { assertServerSupported } from './server-version';
import { heliosTopology, type ManagedStream, type Replicas, type Topology } from './topology';

export interface EnsureTopologyOptions {
  replicas: Replicas;
  /** How long to keep retrying `no suitable peers for placement` and failover errors (default 45 s). */
  placementRetryMs?: number;
  /** Progress and retry messages. */
  log?: (message: string) => void;
  /** Defaults to `heliosTopology({ replicas })`; tests pass their own. */
  topology?: Topology;
}

export type EnsureAction = 'created' | 'updated' | 'unchanged';

export interface EnsuredStream {
  name: string;
  kind: ManagedStream['kind'];
  action: EnsureAction;
  config: StreamConfig;
}

const STREAM_NOT_FOUND = 10059;
const STREAM_NAME_IN_USE = 10058;

export class TopologyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TopologyError';
  }
}

/**
 * Makes the server's streams, KV buckets and object stores match the topology: creates what is
 * missing, updates what differs (running it twice changes nothing), then reads every configuration
 * back and throws a ConfigReadBackError naming each stream and option the server ignored or changed.
 */
export async function ensureTopology(nc: NatsConnection, opts: EnsureTopologyOptions): Promise<EnsuredStream[]> {
  assertServerSupported(nc.info);
  const topology = opts.topology ?? heliosTopology({ replicas: opts.replicas });
  if (topology.replicas !== opts.replicas) {
    throw new TopologyError(`ensureTopology: the topology is for ${topology.replicas} replica(s) but replicas = ${opts.replicas}`);
  }
  const policy: RetryPolicy = { deadlineMs: opts.placementRetryMs ?? 45_000, initialDelayMs: 250, maxDelayMs: 4_000 };
  const log = opts.log ?? (() => undefined);
  const jsm = await retryWithBackoff('ensureTopology: JetStream API', () => jetstreamManager(nc), policy, {
    isRetryable: isTransientJetStreamError,
  });

  const results: EnsuredStream[] = [];
  for (const managed of topology.streams) {
    const result = await retryWithBackoff(
      `ensureTopology: stream ${managed.name}`,
      () => ensureStream(nc, jsm, managed),
      policy,
      {
        isRetryable: (err) => apiErrorCode(err) === NO_PEERS_API_ERROR_CODE || isTransientJetStreamError(err),
        onRetry: (err, attempt, delay) => log(`stream ${managed.name}: attempt ${attempt} failed (${describeError(err)}); retrying in ${delay} ms`),
      },
    );
    if (result.action !== 'unchanged') log(`stream ${managed.name}: ${result.action}`);
    results.push(result);
  }

  const mismatches: ConfigMismatch[] = [];
  for (const managed of topology.streams) {
    const info = await jsm.streams.info(managed.name);
    mismatches.push(...compareConfig(`stream ${managed.name}`, managed.config, info.config as unknown as Record<string, unknown>));
  }
  if (mismatches.length > 0) throw new ConfigReadBackError(mismatches);
  return results;
}

async function streamInfo(jsm: JetStreamManager, name: string): Promise<StreamInfo | undefined> {
  try {
    return await jsm.streams.info(name);
  } catch (err) {
    if (apiErrorCode(err) === STREAM_NOT_FOUND) return undefined;
    throw err;
  }
}

async function ensureStream(nc: NatsConnection, jsm: JetStreamManager, managed: ManagedStream): Promise<EnsuredStream> {
  let action: EnsureAction = 'unchanged';
  let info = await streamInfo(jsm, managed.name);
  if (!info) {
    try {
      await create(nc, jsm, managed);
      action = 'created';
    } catch (err) {
      // Another process created it between our look-up and our create: update it like any other.
      if (apiErrorCode(err) !== STREAM_NAME_IN_USE) throw wrap(managed, 'create', err);
    }
    info = await jsm.streams.info(managed.name);
  }
  const differing = compareConfig(`stream ${managed.name}`, managed.config, info.config as unknown as Record<string, unknown>);
  if (differing.length > 0 && !(action === 'created' && managed.kind === 'stream')) {
    const changes = Object.fromEntries(differing.map((m) => [m.option, (managed.config as Record<string, unknown>)[m.option]]));
    try {
      info = await jsm.streams.update(managed.name, changes);
    } catch (err) {
      throw wrap(managed, `update ${differing.map((m) => m.option).join(', ')} of`, err);
    }
    if (action === 'unchanged') action = 'updated';
  }
  return { name: managed.name, kind: managed.kind, action, config: info.config };
}

async function create(nc: NatsConnection, jsm: JetStreamManager, managed: ManagedStream): Promise<void> {
  switch (managed.kind) {
    case 'stream':
      await jsm.streams.add(managed.config);
      return;
    case 'kv': {
      const b = managed.bucket;
      await new Kvm(jetstream(nc)).create(b.bucket, {
        description: b.description,
        history: b.history,
        replicas: managed.replicas,
        storage: 'file',
        max_bytes: b.maxBytes,
        maxValueSize: b.maxValueSize,
        compression: b.compressed,
        ...(b.ttlMs > 0 ? { ttl: b.ttlMs } : {}),
        ...(b.markerTtlMs > 0 ? { markerTTL: b.markerTtlMs } : {}),
      });
      return;
    }
    case 'obj': {
      const b = managed.bucket;
      await new Objm(jetstream(nc)).create(b.bucket, {
        description: b.description,
        replicas: managed.replicas,
        storage: 'file',
        max_bytes: b.maxBytes,
        compression: b.compressed,
      });
      return;
    }
  }
}

function wrap(managed: ManagedStream, what: string, err: unknown): Error {
  // Failover errors must stay recognisable so that the caller's retry loop sees them.
  if (isTransientJetStreamError(err) || apiErrorCode(err) === NO_PEERS_API_ERROR_CODE) return err as Error;
  return new TopologyError(`ensureTopology: could not ${what} stream ${managed.name}: ${describeError(err)}`, { cause: err });
}
