import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { encodeJson, isCasConflict } from './kv-cas';
import { checkLeaseTtl, leaseTtl, openLeaseBucket, writeLease } from './lease-kv';

/** The lease-bucket key of a service instance's claim. */
export function instanceClaimKey(service: string, instance: string): string {
  return `instance.${service}.${instance}`;
}

/** Every instance claim (a KV key filter). */
export const INSTANCE_CLAIMS = 'instance.>';

/** The service and instance an unscoped claim key names; undefined for any other key. */
export function parseInstanceClaimKey(key: string): { service: string; instance: string } | undefined {
  const [head, service, ...instance] = key.split('.');
  return head === 'instance' && service !== undefined && instance.length > 0 ? { service, instance: instance.join('.') } : undefined;
}

/** The node a claim entry names; undefined for a deleted, expired or unreadable one. */
export function claimNode(entry: ClaimEntry): string | undefined {
  return claimOf(entry)?.node;
}

/** What a claim key holds: which node's process runs the service instance. */
export interface ClaimValue {
  node: string;
  pid: number;
  /** When this process took the claim (its clock, ms). */
  since: number;
}

export interface InstanceClaimOptions {
  nc: NatsConnection;
  /** A KV bucket created with `markerTTL` (per-key TTL): `helios-leases`. */
  bucket: string;
  /** One key per service instance, e.g. `instance.order-engine.main`. */
  key: string;
  /** This laptop (HELIOS_NODE or the host name): a process of the same node may take the claim over. */
  node: string;
  pid: number;
  /** Lifetime of an unrenewed claim, whole seconds: a crashed holder's claim ends this long after its last renewal. */
  ttlMs: number;
  /** Called once when the claim is gone while held (taken by another node, or not renewed in time). */
  onLost: (why: string) => void;
  /** Background failures the claim rides out (a renewal that timed out). */
  onError?: (err: unknown) => void;
  now?: () => number;
}

/** Another node's process holds the claim: this one must not run the instance. */
export class InstanceClaimedError extends Error {
  constructor(
    readonly key: string,
    readonly holder: ClaimValue,
  ) {
    super(
      `${key} is held by node ${holder.node} (pid ${holder.pid}, since ${new Date(holder.since).toISOString()}): ` +
        'one process per service instance in the whole system; this one can start once that process stops',
    );
    this.name = 'InstanceClaimedError';
  }
}

/**
 * "Only one process in the whole system runs this service instance". Two processes of one instance
 * would share its durable consumers, each seeing part of the events, and each fold a state that
 * misses the other's: wrong positions, wrong orders. The claim is a KV key with a per-key TTL:
 * created by the first process, renewed while it runs, deleted when it stops. A process of another
 * node is refused while the claim lives; one of the same node takes it over at once, because on one
 * node the node agent runs an instance once and restarts it only after it exited, so the holder is
 * its dead predecessor (a SIGKILL leaves the claim until its TTL).
 *
 * Unlike the risk gate's election (ADR 0010) nobody waits for the claim: a refused process exits
 * and its node agent tries again with back-off.
 */
export class InstanceClaim {
  private revision: number;
  private validUntil: number;
  private renewTimer: NodeJS.Timeout | undefined;
  /** Gives the claim up when no write has landed for validFor(ttl): the server's TTL is about to end it. */
  private expiryTimer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> = Promise.resolve();
  private released = false;
  private lost = false;

  private constructor(
    private readonly opts: InstanceClaimOptions,
    private readonly kv: KV,
    private readonly js: JetStreamClient,
    private readonly value: ClaimValue,
    revision: number,
    sentAt: number,
  ) {
    this.revision = revision;
    this.validUntil = sentAt + validFor(opts.ttlMs);
    this.armExpiry();
    this.renewTimer = setInterval(() => {
      this.renewing = this.renewing.then(() => this.renew());
    }, renewEvery(opts.ttlMs));
    this.renewTimer.unref?.();
  }

  /**
   * Takes the claim, or throws InstanceClaimedError naming the node that holds it (LeaseBucketError
   * when the bucket cannot hold expiring keys).
   */
  static async acquire(opts: InstanceClaimOptions): Promise<InstanceClaim> {
    const where = `InstanceClaim ${opts.key}`;
    checkLeaseTtl(where, opts.ttlMs);
    const now = opts.now ?? Date.now;
    const kv = await openLeaseBucket(opts.nc, opts.bucket, where, 'a claim cannot expire');
    const js = jetstream(opts.nc);
    const value: ClaimValue = { node: opts.node, pid: opts.pid, since: now() };
    // A claim deleted or expired between our create and our read is simply tried again.
    for (let attempt = 0; attempt < 5; attempt++) {
      const sentAt = now();
      try {
        const revision = await kv.create(opts.key, encodeJson(value), leaseTtl(opts.ttlMs));
        return new InstanceClaim(opts, kv, js, value, revision, sentAt);
      } catch (err) {
        if (!isCasConflict(err)) throw err;
      }
      const entry = await kv.get(opts.key);
      if (entry === null || entry.operation !== 'PUT') continue;
      const holder = claimOf(entry) ?? UNREADABLE;
      if (holder.node !== opts.node) throw new InstanceClaimedError(opts.key, holder);
      try {
        const ack = await writeLease(js, opts.bucket, opts.key, value, entry.revision, opts.ttlMs);
        return new InstanceClaim(opts, kv, js, value, ack.seq, sentAt);
      } catch (err) {
        if (!isCasConflict(err)) throw err;
      }
    }
    throw new Error(`InstanceClaim ${opts.key}: the claim kept changing while it was taken; try again`);
  }

  /** Deletes the claim if it is still this process's, so the instance may start elsewhere at once. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.renewTimer);
    clearTimeout(this.expiryTimer);
    await this.renewing;
    if (this.lost) return;
    await this.kv.delete(this.opts.key, { previousSeq: this.revision }).catch((err: unknown) => this.opts.onError?.(err));
  }

  private async renew(): Promise<void> {
    if (this.released || this.lost) return;
    const { key, bucket, ttlMs } = this.opts;
    const now = this.opts.now ?? Date.now;
    const sentAt = now();
    try {
      const ack = await writeLease(this.js, bucket, key, this.value, this.revision, ttlMs, renewEvery(ttlMs));
      this.revision = ack.seq;
      this.validUntil = sentAt + validFor(ttlMs);
      this.armExpiry();
    } catch (err) {
      if (isCasConflict(err)) {
        // A renewal whose acknowledgement was lost (a timeout during a failover) did land: it is still ours.
        const entry = await this.kv.get(key).catch(() => null);
        const holder = entry === null ? undefined : claimOf(entry);
        if (entry && holder?.node === this.value.node && holder.pid === this.value.pid && holder.since === this.value.since) {
          this.revision = entry.revision;
          return;
        }
        return this.lose(`the claim ${key} was taken or ended meanwhile`);
      }
      this.opts.onError?.(err);
    }
  }

  private armExpiry(): void {
    clearTimeout(this.expiryTimer);
    const now = this.opts.now ?? Date.now;
    this.expiryTimer = setTimeout(() => this.lose(`the claim ${this.opts.key} could not be renewed before it expired`), Math.max(0, this.validUntil - now()));
    this.expiryTimer.unref?.();
  }

  private lose(why: string): void {
    if (this.lost || this.released) return;
    this.lost = true;
    clearInterval(this.renewTimer);
    clearTimeout(this.expiryTimer);
    this.opts.onLost(why);
  }
}

/**
 * How long after a write the holder still counts on its claim: a tenth short of the TTL, so that a
 * holder cut off from the cluster has stopped before the server lets another node take over.
 */
function validFor(ttlMs: number): number {
  return ttlMs - Math.floor(ttlMs / 10);
}

/** Renewals: three per TTL (at least 250 ms apart), each waiting at most that long for its acknowledgement. */
function renewEvery(ttlMs: number): number {
  return Math.max(250, Math.floor(ttlMs / 3));
}

/** What an unreadable claim counts as: someone else's. */
const UNREADABLE: ClaimValue = { node: '<unreadable claim>', pid: 0, since: 0 };

/** A KV entry, as far as reading a claim from it goes. */
type ClaimEntry = { operation: string; json<T>(): T };

/** The claim a live entry holds; undefined for a deleted or expired key, or a value that is not a claim. */
function claimOf(entry: ClaimEntry): ClaimValue | undefined {
  if (entry.operation !== 'PUT') return undefined;
  try {
    const v = entry.json<Partial<ClaimValue>>();
    if (typeof v.node === 'string' && typeof v.pid === 'number' && typeof v.since === 'number') return v as ClaimValue;
  } catch {
    // not JSON
  }
  return undefined;
}
