import type { StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { KV_BUCKETS, OBJECT_STORES, STREAMS, type StreamName } from '@helios/contracts';

/**
 * Every stream, KV bucket and object store Helios uses, as data. `ensureTopology` makes the server
 * match it. The numbers and the reasons for them are in docs/adr/0003-stream-retention.md.
 */

export type Replicas = 1 | 3;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** The largest event body a stream accepts; larger results belong in the object store. */
export const MAX_EVENT_BYTES = 256 * 1024;
/** SYSTEM also stores dead letters, which carry the original message (up to 16 Ki characters) and its errors. */
export const MAX_SYSTEM_MSG_BYTES = 1024 * 1024;

export interface StreamRetention {
  maxAgeMs: number;
  maxBytes: number;
  /** -1: no per-subject limit. */
  maxMsgsPerSubject: number;
  /** How long a `Nats-Msg-Id` is remembered for de-duplication. */
  duplicateWindowMs: number;
  /** s2 for the high-volume streams; the low-volume order path stays uncompressed for latency. */
  compressed: boolean;
  /** Largest message accepted (default MAX_EVENT_BYTES). */
  maxMsgSize?: number;
}

export const STREAM_RETENTION: Readonly<Record<StreamName, StreamRetention>> = {
  MD: { maxAgeMs: 14 * DAY, maxBytes: 4 * GiB, maxMsgsPerSubject: -1, duplicateWindowMs: 2 * MINUTE, compressed: true },
  INDICATOR: { maxAgeMs: 7 * DAY, maxBytes: 2 * GiB, maxMsgsPerSubject: -1, duplicateWindowMs: 2 * MINUTE, compressed: true },
  STRATEGY: { maxAgeMs: 90 * DAY, maxBytes: 512 * MiB, maxMsgsPerSubject: -1, duplicateWindowMs: 1 * HOUR, compressed: false },
  ML: { maxAgeMs: 30 * DAY, maxBytes: 512 * MiB, maxMsgsPerSubject: -1, duplicateWindowMs: 1 * HOUR, compressed: false },
  RISK: { maxAgeMs: 365 * DAY, maxBytes: 512 * MiB, maxMsgsPerSubject: -1, duplicateWindowMs: 1 * HOUR, compressed: false },
  ORDER: { maxAgeMs: 365 * DAY, maxBytes: 1 * GiB, maxMsgsPerSubject: -1, duplicateWindowMs: 1 * HOUR, compressed: false },
  PNL: { maxAgeMs: 90 * DAY, maxBytes: 1 * GiB, maxMsgsPerSubject: -1, duplicateWindowMs: 1 * HOUR, compressed: false },
  SYSTEM: { maxAgeMs: 7 * DAY, maxBytes: 1 * GiB, maxMsgsPerSubject: 10_000, duplicateWindowMs: 2 * MINUTE, compressed: true, maxMsgSize: MAX_SYSTEM_MSG_BYTES },
  RUNS: { maxAgeMs: 90 * DAY, maxBytes: 1 * GiB, maxMsgsPerSubject: -1, duplicateWindowMs: 1 * HOUR, compressed: false },
  BT: { maxAgeMs: 2 * DAY, maxBytes: 3 * GiB, maxMsgsPerSubject: -1, duplicateWindowMs: 2 * MINUTE, compressed: true },
};

/** What every stream, bucket and object store may hold together; infra/nats configs allow 20 GB. */
export function reservedBytes(topology: { streams: readonly { config: { max_bytes?: number } }[] }): number {
  return topology.streams.reduce((sum, s) => sum + Math.max(0, s.config.max_bytes ?? 0), 0);
}

export interface KvBucketSpec {
  bucket: string;
  description: string;
  /** Values kept per key. */
  history: number;
  /** Bucket-wide max age (ms); 0 keeps values until replaced. */
  ttlMs: number;
  /** > 0 enables per-key TTL (`allow_msg_ttl`) and keeps expiry/purge markers this long (ms). */
  markerTtlMs: number;
  maxBytes: number;
  maxValueSize: number;
  compressed: boolean;
}

export const KV_BUCKET_SPECS: readonly KvBucketSpec[] = [
  {
    bucket: KV_BUCKETS.config,
    description: 'Helios configuration: strategy graphs, topology, limits',
    history: 16,
    ttlMs: 0,
    markerTtlMs: 0,
    maxBytes: 256 * MiB,
    maxValueSize: 1 * MiB,
    compressed: false,
  },
  {
    bucket: KV_BUCKETS.snapshots,
    description: 'Helios service snapshots: state plus the stream sequences it covers',
    history: 3,
    ttlMs: 0,
    markerTtlMs: 0,
    maxBytes: 1 * GiB,
    maxValueSize: 1 * MiB,
    compressed: true,
  },
  {
    bucket: KV_BUCKETS.leases,
    description: 'Helios leader leases and fencing tokens (per-key TTL)',
    history: 1,
    ttlMs: 0,
    markerTtlMs: 1 * MINUTE,
    maxBytes: 64 * MiB,
    maxValueSize: 64 * 1024,
    compressed: false,
  },
  {
    bucket: KV_BUCKETS.health,
    description: 'Helios service health, refreshed by heartbeats',
    history: 1,
    ttlMs: 30 * SECOND,
    markerTtlMs: 0,
    maxBytes: 64 * MiB,
    maxValueSize: 64 * 1024,
    compressed: false,
  },
];

export interface ObjectStoreSpec {
  bucket: string;
  description: string;
  maxBytes: number;
  compressed: boolean;
}

export const OBJECT_STORE_SPECS: readonly ObjectStoreSpec[] = [
  { bucket: OBJECT_STORES.artifacts, description: 'Helios run results and models', maxBytes: 2 * GiB, compressed: true },
];

/** One JetStream stream to create or update, with the options Helios owns (the ones read back). */
export type ManagedStream =
  | { kind: 'stream'; name: string; config: Partial<StreamConfig> & { name: string; subjects: string[] } }
  | { kind: 'kv'; name: string; bucket: KvBucketSpec; replicas: Replicas; config: Partial<StreamConfig> }
  | { kind: 'obj'; name: string; bucket: ObjectStoreSpec; replicas: Replicas; config: Partial<StreamConfig> };

export interface Topology {
  replicas: Replicas;
  streams: ManagedStream[];
}

function compression(compressed: boolean): StreamConfig['compression'] {
  return compressed ? 's2' : 'none';
}

export function streamConfig(name: StreamName, replicas: Replicas): Partial<StreamConfig> & { name: string; subjects: string[] } {
  const r = STREAM_RETENTION[name];
  return {
    name,
    subjects: [...STREAMS[name]],
    retention: 'limits',
    storage: 'file',
    // Full streams drop their oldest messages: the byte caps are safety nets sized so that max_age
    // normally binds first, and a full disk must not stop trading.
    discard: 'old',
    num_replicas: replicas,
    max_age: nanos(r.maxAgeMs),
    max_bytes: r.maxBytes,
    max_msgs: -1,
    max_msgs_per_subject: r.maxMsgsPerSubject,
    max_msg_size: r.maxMsgSize ?? MAX_EVENT_BYTES,
    duplicate_window: nanos(r.duplicateWindowMs),
    compression: compression(r.compressed),
  };
}

/** The stream options behind a KV bucket that Helios sets (names follow the KV convention `KV_<bucket>`). */
export function kvStreamConfig(spec: KvBucketSpec, replicas: Replicas): Partial<StreamConfig> {
  return {
    max_msgs_per_subject: spec.history,
    max_age: nanos(spec.ttlMs),
    max_bytes: spec.maxBytes,
    max_msg_size: spec.maxValueSize,
    storage: 'file',
    num_replicas: replicas,
    compression: compression(spec.compressed),
    description: spec.description,
    ...(spec.markerTtlMs > 0 ? { allow_msg_ttl: true, subject_delete_marker_ttl: nanos(spec.markerTtlMs) } : {}),
  };
}

export function objectStoreStreamConfig(spec: ObjectStoreSpec, replicas: Replicas): Partial<StreamConfig> {
  return {
    max_bytes: spec.maxBytes,
    storage: 'file',
    num_replicas: replicas,
    compression: compression(spec.compressed),
    description: spec.description,
  };
}

/** The whole Helios topology for a deployment with `replicas` copies of every stream (1 or 3). */
export function heliosTopology(opts: { replicas: Replicas }): Topology {
  const { replicas } = opts;
  if (replicas !== 1 && replicas !== 3) {
    throw new Error(`heliosTopology: replicas must be 1 (one server) or 3 (a 3-node cluster), got ${String(replicas)}`);
  }
  const streams: ManagedStream[] = (Object.keys(STREAMS) as StreamName[]).map((name) => ({
    kind: 'stream',
    name,
    config: streamConfig(name, replicas),
  }));
  for (const bucket of KV_BUCKET_SPECS) {
    streams.push({ kind: 'kv', name: `KV_${bucket.bucket}`, bucket, replicas, config: kvStreamConfig(bucket, replicas) });
  }
  for (const bucket of OBJECT_STORE_SPECS) {
    streams.push({ kind: 'obj', name: `OBJ_${bucket.bucket}`, bucket, replicas, config: objectStoreStreamConfig(bucket, replicas) });
  }
  return { replicas, streams };
}
