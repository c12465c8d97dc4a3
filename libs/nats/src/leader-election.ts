import { EventEmitter } from 'node:events';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { KV, KvWatchEntry } from '@nats-io/kv';
import type { QueuedIterator } from '@nats-io/nats-core';
import { encodeJson, isCasConflict } from './kv-cas';
import { leaseTtl, openLeaseBucket, writeLease } from './lease-kv';
import {
  resolveLeaderElectionOptions,
  type LeaderElectionOptions,
  type ResolvedLeaderElectionOptions,
} from './leader-options';

/** What the lease key holds while a leader holds it. */
export interface LeaseValue {
  holder: string;
  /** When this holder acquired the lease (its clock, ms). */
  since: number;
}

export interface LeaderElectionEvents {
  /** This candidate became leader; `token` is the fencing token of its term. */
  elected: [token: number];
  /** This candidate is no longer leader (why, for logs). */
  lost: [reason: string];
}

interface Term {
  /** Revision of the create that won the lease: the fencing token, constant for the whole term. */
  token: number;
  since: number;
  /** Revision of the latest write of the lease (the create or the last renewal). */
  revision: number;
  /** Until when (local clock) the lease is certainly still ours. */
  validUntil: number;
}

type State = 'idle' | 'follower' | 'leader' | 'stopped';

/**
 * Leader election for one role over a KV key with a per-key TTL (see docs/adr/0004). The leader
 * renews its lease with a compare-and-set on the lease's revision; followers watch the key and
 * race to create it as soon as it is deleted or expires.
 */
export class LeaderElection extends EventEmitter<LeaderElectionEvents> {
  private readonly opts: ResolvedLeaderElectionOptions;
  private state: State = 'idle';
  private term: Term | null = null;
  private kv: KV | undefined;
  private js: JetStreamClient | undefined;
  private watcher: QueuedIterator<KvWatchEntry> | undefined;
  private watchLoop: Promise<void> = Promise.resolve();
  private readonly inflight = new Set<Promise<unknown>>();
  private acquiring = false;
  private acquireAgain = false;
  private renewTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;

  constructor(options: LeaderElectionOptions) {
    super();
    this.opts = resolveLeaderElectionOptions(options);
  }

  get key(): string {
    return this.opts.key;
  }

  get holder(): string {
    return this.opts.holder;
  }

  /** True only while the lease is certainly ours: it turns false on its own when renewals stop landing. */
  get isLeader(): boolean {
    return this.state === 'leader' && this.term !== null && this.opts.now() < this.term.validUntil;
  }

  /** The fencing token of the current term (the lease revision that won it), or undefined if not leader. */
  get token(): number | undefined {
    return this.isLeader ? this.term?.token : undefined;
  }

  async start(): Promise<void> {
    if (this.state !== 'idle') throw new Error(`LeaderElection ${this.opts.key}/${this.opts.holder}: start() called twice`);
    const { nc, bucket, key, pollMs } = this.opts;
    const kv = await openLeaseBucket(nc, bucket, `LeaderElection ${key}`, 'leases cannot expire per key');
    this.kv = kv;
    this.js = jetstream(nc);
    this.watcher = await kv.watch({ key });
    this.state = 'follower';
    this.watchLoop = this.consumeWatch(this.watcher);
    this.pollTimer = setInterval(() => this.tryAcquire(), pollMs);
    this.tryAcquire();
  }

  /**
   * Leaves the election. A leader deletes its lease (only if it still holds it), so a follower takes
   * over at once instead of after the TTL. Resolves to whether a lease was released.
   */
  async stop(): Promise<{ released: boolean }> {
    if (this.state === 'stopped') return { released: false };
    const wasLeader = this.state === 'leader';
    this.state = 'stopped';
    clearInterval(this.pollTimer);
    this.clearTermTimers();
    this.watcher?.stop();
    await Promise.allSettled([...this.inflight]);
    await this.watchLoop;
    let released = false;
    const term = this.term;
    this.term = null;
    if (term && this.kv) {
      try {
        await this.kv.delete(this.opts.key, { previousSeq: term.revision });
        released = true;
      } catch (err) {
        this.report(err);
      }
    }
    if (wasLeader) this.emit('lost', 'stopped');
    return { released };
  }

  private async consumeWatch(watcher: QueuedIterator<KvWatchEntry>): Promise<void> {
    try {
      for await (const entry of watcher) this.onLeaseChange(entry);
    } catch (err) {
      this.report(err);
    }
  }

  private onLeaseChange(entry: KvWatchEntry): void {
    if (this.state === 'stopped') return;
    const term = this.term;
    if (this.state === 'leader' && term && entry.revision > term.revision) {
      if (entry.operation !== 'PUT') {
        this.stepDown(`lease ${entry.operation === 'DEL' ? 'deleted' : 'expired'} at revision ${entry.revision}`);
      } else {
        const holder = this.holderOf(entry);
        // Our own renewal can be seen here before its publish acknowledgement arrives.
        if (holder !== this.opts.holder) this.stepDown(`lease taken by ${holder} at revision ${entry.revision}`);
      }
    }
    if (this.state === 'follower' && entry.operation !== 'PUT') this.tryAcquire();
  }

  private holderOf(entry: KvWatchEntry): string {
    try {
      return entry.json<LeaseValue>().holder;
    } catch {
      return '<unreadable lease>';
    }
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p)).catch(() => undefined);
    return p;
  }

  private tryAcquire(): void {
    if (this.state !== 'follower') return;
    if (this.acquiring) {
      // A deletion seen while an attempt is in flight must not be lost: try again right after.
      this.acquireAgain = true;
      return;
    }
    this.acquiring = true;
    void this.track(this.acquire()).finally(() => {
      this.acquiring = false;
      if (this.acquireAgain) {
        this.acquireAgain = false;
        this.tryAcquire();
      }
    });
  }

  private async acquire(): Promise<void> {
    const kv = this.kv;
    if (!kv) return;
    const { key, holder, ttlMs, safetyMarginMs, now } = this.opts;
    const sentAt = now();
    let revision: number;
    try {
      revision = await kv.create(key, encodeJson({ holder, since: sentAt } satisfies LeaseValue), leaseTtl(ttlMs));
    } catch (err) {
      if (!isCasConflict(err)) this.report(err);
      return;
    }
    this.term = { token: revision, since: sentAt, revision, validUntil: sentAt + ttlMs - safetyMarginMs };
    if (this.state !== 'follower') return; // stopped meanwhile: stop() releases the lease
    this.state = 'leader';
    this.scheduleRenewal(this.opts.renewEveryMs);
    this.armExpiry();
    this.emit('elected', revision);
  }

  private scheduleRenewal(delayMs: number): void {
    clearTimeout(this.renewTimer);
    this.renewTimer = setTimeout(() => void this.track(this.renew()), delayMs);
  }

  private armExpiry(): void {
    const term = this.term;
    if (!term) return;
    clearTimeout(this.expiryTimer);
    this.expiryTimer = setTimeout(
      () => this.stepDown('lease could not be renewed before it expired'),
      Math.max(0, term.validUntil - this.opts.now()),
    );
  }

  private async renew(): Promise<void> {
    const term = this.term;
    const js = this.js;
    if (this.state !== 'leader' || !term || !js) return;
    const { key, bucket, holder, ttlMs, renewEveryMs, safetyMarginMs, now } = this.opts;
    const sentAt = now();
    try {
      const ack = await writeLease(js, bucket, key, { holder, since: term.since } satisfies LeaseValue, term.revision, ttlMs, renewEveryMs);
      if (this.term !== term) return;
      term.revision = ack.seq;
      term.validUntil = sentAt + ttlMs - safetyMarginMs;
      if (this.state !== 'leader') return;
      this.armExpiry();
      this.scheduleRenewal(renewEveryMs);
    } catch (err) {
      if (this.term !== term || this.state !== 'leader') return;
      if (isCasConflict(err)) {
        this.stepDown(`lease revision moved past ${term.revision}: expired or taken over`);
        this.tryAcquire();
        return;
      }
      // Transient (timeout, reconnect): keep trying until the expiry timer deposes us.
      this.report(err);
      this.scheduleRenewal(Math.max(1, Math.floor(renewEveryMs / 4)));
    }
  }

  private stepDown(reason: string): void {
    if (this.state !== 'leader') return;
    this.state = 'follower';
    this.term = null;
    this.clearTermTimers();
    this.emit('lost', reason);
  }

  private clearTermTimers(): void {
    clearTimeout(this.renewTimer);
    clearTimeout(this.expiryTimer);
    this.renewTimer = undefined;
    this.expiryTimer = undefined;
  }

  private report(err: unknown): void {
    this.opts.onError?.(err);
  }
}

