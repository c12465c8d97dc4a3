import type { LiveBatch, LiveTopic, LiveUpdate } from '../../shared/live';

/** What a connection needs from its socket (the `ws` WebSocket satisfies it; tests pass a fake). */
export interface BatchSink {
  readonly bufferedAmount: number;
  send(data: string): void;
}

export interface ConnectionLimits {
  /** Flush period; at most one batch per period. */
  intervalMs: number;
  /** Skip a flush while the socket has more than this many bytes not yet sent (a slow browser). */
  maxBufferedBytes: number;
  /** Per queued kind (orders, candles, logs): the oldest are shed beyond this. */
  maxQueued: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = { intervalMs: 100, maxBufferedBytes: 1024 * 1024, maxQueued: 500 };

/** The topic an update belongs to. */
export function topicOf(update: LiveUpdate): LiveTopic {
  switch (update.kind) {
    case 'heartbeat':
      return 'heartbeats';
    case 'flows':
      return 'flows';
    case 'pnl':
    case 'pnlHistory':
      return 'pnl';
    case 'order':
      return 'orders';
    case 'halt':
      return 'halt';
    case 'candle':
      return `candles:${update.bar.symbol}`;
    case 'log':
      return `logs:${update.line.service}`;
  }
}

/** Latest-wins key: a newer update with the same key replaces the pending one; undefined = queued, never replaced. */
function coalesceKey(update: LiveUpdate): string | undefined {
  switch (update.kind) {
    case 'heartbeat':
      return `hb:${update.beat.service}.${update.beat.instance}`;
    case 'flows':
      return 'flows';
    case 'pnl':
      return 'pnl';
    case 'pnlHistory':
      return 'pnlHistory';
    case 'halt':
      return 'halt';
    default:
      return undefined;
  }
}

/**
 * One browser connection's view: its topics, the pending updates and the flush timer.
 * - heartbeats (per instance), flows, pnl and halt are latest-wins: between two flushes only the
 *   newest value of each key is kept, so a burst of 1,000 heartbeats becomes one update per instance;
 * - orders, candles and log lines are queued in order, at most `maxQueued` per kind: beyond that the
 *   oldest are dropped, and the next batch's `seq` skips one number so the browser can tell;
 * - a flush is skipped while the socket's send buffer is above `maxBufferedBytes` (back-pressure):
 *   pending updates keep coalescing and the queues keep shedding, so memory stays bounded.
 */
export class LiveConnection {
  readonly topics = new Set<LiveTopic>();
  private readonly latest = new Map<string, LiveUpdate>();
  private readonly queues = new Map<string, LiveUpdate[]>();
  private shed = 0;
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Flushes skipped for back-pressure. */
  skippedFlushes = 0;

  constructor(
    private readonly sink: BatchSink,
    readonly limits: ConnectionLimits,
    private readonly now: () => number,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.flush(), this.limits.intervalMs);
    this.timer.unref?.();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Replaces the topic set; returns the topics that are new (their snapshot is due). */
  subscribe(topics: readonly LiveTopic[]): LiveTopic[] {
    const added = topics.filter((t) => !this.topics.has(t));
    this.topics.clear();
    for (const t of topics) this.topics.add(t);
    for (const [key, u] of this.latest) if (!this.topics.has(topicOf(u))) this.latest.delete(key);
    for (const [kind, q] of this.queues) {
      const kept = q.filter((u) => this.topics.has(topicOf(u)));
      this.queues.set(kind, kept);
    }
    return added;
  }

  push(update: LiveUpdate): void {
    if (!this.topics.has(topicOf(update))) return;
    const key = coalesceKey(update);
    if (key !== undefined) {
      // Re-inserting moves the key to the end: batches list updates in the order of their latest change.
      this.latest.delete(key);
      this.latest.set(key, update);
      return;
    }
    let q = this.queues.get(update.kind);
    if (!q) {
      q = [];
      this.queues.set(update.kind, q);
    }
    q.push(update);
    if (q.length > this.limits.maxQueued) {
      q.splice(0, q.length - this.limits.maxQueued);
      this.shed += 1;
    }
  }

  /** Sends what is pending as one batch, unless nothing is pending or the socket is backed up. */
  flush(): boolean {
    if (this.latest.size === 0 && [...this.queues.values()].every((q) => q.length === 0)) return false;
    if (this.sink.bufferedAmount > this.limits.maxBufferedBytes) {
      this.skippedFlushes += 1;
      return false;
    }
    const updates: LiveUpdate[] = [...this.latest.values()];
    for (const q of this.queues.values()) updates.push(...q);
    this.latest.clear();
    this.queues.clear();
    // A gap in seq tells the browser that queued updates were shed since the previous batch.
    this.seq += this.shed > 0 ? 2 : 1;
    this.shed = 0;
    const batch: LiveBatch = { type: 'batch', seq: this.seq, at: this.now(), updates };
    this.sink.send(JSON.stringify(batch));
    return true;
  }

  /** Sends a snapshot at once (after a subscribe), outside the flush rhythm. */
  sendNow(updates: LiveUpdate[]): void {
    if (updates.length === 0) return;
    this.seq += 1;
    const batch: LiveBatch = { type: 'batch', seq: this.seq, at: this.now(), updates };
    this.sink.send(JSON.stringify(batch));
  }
}
