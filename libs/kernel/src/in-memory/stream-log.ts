import type { Envelope } from '@helios/contracts';
import type { PublishAck, StartPosition, StoredEvent } from '../ports/bus';

/**
 * One stream's messages, kept in an array whose index is `seq - 1`. Events are stored by reference:
 * publishers and handlers must treat them as immutable, which every decider already does.
 */
/** A running consumer of the stream: told about every message stored, stopped when the bus closes. */
export interface StreamListener {
  notify(subject: string): void;
  stop(): Promise<void>;
}

export class StreamLog {
  readonly messages: StoredEvent[] = [];
  readonly listeners: StreamListener[] = [];
  /** Ids stored within the duplicate window, with their sequence numbers. */
  private readonly seqById = new Map<string, number>();
  /** Messages before this index have left the duplicate window. */
  private windowStart = 0;

  constructor(
    readonly name: string,
    readonly filters: readonly string[],
    private readonly duplicateWindowMs: number,
  ) {}

  append(subject: string, event: Envelope, now: number): PublishAck {
    const messages = this.messages;
    const count = messages.length;
    if (count > 0 && now < messages[count - 1].storedAt) {
      throw new Error(
        `stream ${this.name}: the bus clock went backwards (${now} < ${messages[count - 1].storedAt}); a Clock must be monotonic`,
      );
    }
    if (this.duplicateWindowMs > 0) {
      this.forgetIdsOutsideWindow(now);
      const original = this.seqById.get(event.id);
      if (original !== undefined) return { stream: this.name, seq: original, duplicate: true };
      this.seqById.set(event.id, count + 1);
    }
    messages.push({ stream: this.name, subject, seq: count + 1, storedAt: now, event });
    return { stream: this.name, seq: count + 1, duplicate: false };
  }

  /** Index of the first message at or after `from` (may equal or exceed the current length). */
  startIndex(from: StartPosition): number {
    switch (from.kind) {
      case 'all':
        return 0;
      case 'seq':
        return from.seq - 1;
      case 'time':
        return this.firstIndexStoredAtOrAfter(from.ts);
    }
  }

  // Storage times never decrease (checked in append), so the log is sorted by storedAt.
  private firstIndexStoredAtOrAfter(ts: number): number {
    let lo = 0;
    let hi = this.messages.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.messages[mid].storedAt < ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // The log itself is the expiry queue: messages are in storage-time order, so walking a cursor
  // forward forgets ids in the order they expire, without a second structure or timers.
  private forgetIdsOutsideWindow(now: number): void {
    const limit = now - this.duplicateWindowMs;
    const messages = this.messages;
    let i = this.windowStart;
    while (i < messages.length && messages[i].storedAt <= limit) {
      const m = messages[i];
      if (this.seqById.get(m.event.id) === m.seq) this.seqById.delete(m.event.id);
      i++;
    }
    this.windowStart = i;
  }
}
