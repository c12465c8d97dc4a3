import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { decodeEvent, type HeliosEvent } from '@helios/contracts';
import { replay, storedAtMs } from '@helios/nats';

export interface StoredEventRow {
  subject: string;
  seq: number;
  storedAt: number;
  event: HeliosEvent;
}

/**
 * The newest message of every subject matching `filter` (deliver policy last_per_subject): the
 * latest heartbeat of each instance, the latest P&L of each strategy, without waiting for the next.
 * Undecodable messages are skipped.
 */
export async function lastPerSubject(js: JetStreamClient, stream: string, filter: string, timeoutMs = 5_000): Promise<StoredEventRow[]> {
  const consumer = await js.consumers.get(stream, { filter_subjects: [filter], deliver_policy: 'last_per_subject' });
  const out: StoredEventRow[] = [];
  try {
    if ((await consumer.info(true)).num_pending === 0) return out;
    const messages = await consumer.consume({ max_messages: 256 });
    const stop = setTimeout(() => void messages.close(), timeoutMs);
    try {
      for await (const m of messages) {
        const d = decodeEvent(m.data);
        if (d.ok) out.push({ subject: m.subject, seq: m.seq, storedAt: storedAtMs(m), event: d.event as HeliosEvent });
        if (m.info.pending === 0) break;
      }
    } finally {
      clearTimeout(stop);
      await messages.close();
    }
  } finally {
    consumer.delete().catch(() => undefined);
  }
  return out;
}

/**
 * The newest `limit` decodable messages matching `filter`, oldest first, by reading the stream's
 * last `scan` messages (a bounded read: a rarely-published filter may find fewer than it has).
 */
export async function tailOf(js: JetStreamClient, jsm: JetStreamManager, stream: string, filter: string, limit: number, scan = Math.max(limit * 8, 1_000)): Promise<StoredEventRow[]> {
  const last = (await jsm.streams.info(stream)).state.last_seq;
  if (last === 0) return [];
  const out: StoredEventRow[] = [];
  for await (const r of replay(js, jsm, { stream, filter, from: { kind: 'seq', seq: Math.max(1, last - scan + 1) } })) {
    if (r.ok) out.push({ subject: r.subject, seq: r.seq, storedAt: r.storedAt, event: r.event as HeliosEvent });
  }
  return out.slice(-limit);
}
