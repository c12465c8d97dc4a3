import { createHash } from 'node:crypto';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { HeliosEvent } from '@helios/contracts';
import { replay } from '@helios/nats';

/** The streams the drill reads back, with their subject filters, in the order they are hashed. */
export const LOG_STREAMS = [
  { stream: 'MD', filter: 'md.>' },
  { stream: 'STRATEGY', filter: 'strategy.>' },
  { stream: 'RISK', filter: 'risk.>' },
  { stream: 'ORDER', filter: 'order.>' },
  { stream: 'PNL', filter: 'pnl.>' },
] as const;

export interface LoggedEvent {
  stream: string;
  seq: number;
  event: HeliosEvent;
}

/** Every stored event of the run, stream by stream in stream order (undecodable messages are counted). */
export async function readRunLog(js: JetStreamClient, jsm: JetStreamManager, run: string): Promise<{ events: LoggedEvent[]; undecodable: number }> {
  const events: LoggedEvent[] = [];
  let undecodable = 0;
  for (const { stream, filter } of LOG_STREAMS) {
    for await (const r of replay(js, jsm, { filter, stream, from: { kind: 'all' } })) {
      if (!r.ok) undecodable++;
      else if (r.event.run === run) events.push({ stream, seq: r.seq, event: r.event as HeliosEvent });
    }
  }
  return { events, undecodable };
}

/** The event types both runs produce and the hash covers (md.gap and indicators only the services have). */
export function hashedType(type: string): boolean {
  return type === 'md.candle' || type.startsWith('strategy.') || type.startsWith('risk.') || type.startsWith('order.') || type.startsWith('pnl.');
}

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const STREAM_RANK = new Map<string, number>(LOG_STREAMS.map((s, i) => [s.filter.split('.')[0], i]));
const rankOf = (type: string) => STREAM_RANK.get(type.split('.')[0]) ?? LOG_STREAMS.length;

/**
 * sha256 over the events in a canonical order: by stream (MD, STRATEGY, RISK, ORDER, PNL), then
 * event time, then id; each event as JSON with sorted keys, one per line. Arrival order between
 * services differs from run to run; this order does not, and a duplicate (an id stored twice)
 * still changes the hash.
 */
export function canonicalRunHash(events: readonly HeliosEvent[]): string {
  const sorted = events.filter((e) => hashedType(e.type)).slice();
  sorted.sort((a, b) => rankOf(a.type) - rankOf(b.type) || a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const hash = createHash('sha256');
  for (const e of sorted) hash.update(canonicalJson(e) + '\n');
  return hash.digest('hex');
}
