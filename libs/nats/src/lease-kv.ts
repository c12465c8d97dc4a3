import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { encodeJson } from './kv-cas';

/*
 * Keys with a per-key TTL in a lease bucket (`helios-leases`): what the leader election (ADR 0004)
 * and the instance claims (ADR 0011) share. Each is created with a TTL, renewed by a
 * compare-and-set that carries a fresh TTL, and ends by itself when its holder stops renewing.
 */

/** The bucket cannot hold expiring keys: it does not exist, or was created without `markerTTL`. */
export class LeaseBucketError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LeaseBucketError';
  }
}

/** The server keeps per-message TTLs in whole seconds (it truncates "1500ms" to 1s), minimum 1s. */
export function checkLeaseTtl(where: string, ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1000 || ttlMs % 1000 !== 0) {
    throw new Error(`${where}: ttlMs must be whole seconds >= 1000, got ${ttlMs}`);
  }
}

/** The TTL header value of a lease write. */
export function leaseTtl(ttlMs: number): string {
  return `${ttlMs / 1000}s`;
}

/** Opens the lease bucket; a LeaseBucketError says `${where}: ... so ${consequence}` when its keys cannot expire. */
export async function openLeaseBucket(nc: NatsConnection, bucket: string, where: string, consequence: string): Promise<KV> {
  let kv: KV;
  try {
    kv = await new Kvm(nc).open(bucket);
    if ((await kv.status()).markerTTL > 0) return kv;
  } catch (err) {
    throw new LeaseBucketError(`${where}: bucket ${bucket} cannot be opened (${(err as Error).message}), so ${consequence}`);
  }
  throw new LeaseBucketError(`${where}: bucket ${bucket} was not created with markerTTL, so ${consequence}`);
}

/**
 * Writes `value` to `key` only if the key's last revision is still `afterRevision`, with a fresh TTL:
 * kv.update() cannot carry a TTL, so this is the same compare-and-set written directly.
 */
export function writeLease(js: JetStreamClient, bucket: string, key: string, value: unknown, afterRevision: number, ttlMs: number, timeoutMs?: number): Promise<PubAck> {
  return js.publish(`$KV.${bucket}.${key}`, encodeJson(value), {
    expect: { lastSubjectSequence: afterRevision },
    ttl: leaseTtl(ttlMs),
    ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }),
  });
}
