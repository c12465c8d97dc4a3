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
  /** When the server stored it (ms), for reading a dump against the kill log. */
  storedAt: number;
  event: HeliosEvent;
}

/** Every stored event of the run, stream by stream in stream order (undecodable messages are counted). */
export async function readRunLog(js: JetStreamClient, jsm: JetStreamManager, run: string): Promise<{ events: LoggedEvent[]; undecodable: number }> {
  const events: LoggedEvent[] = [];
  let undecodable = 0;
  for (const { stream, filter } of LOG_STREAMS) {
    for await (const r of replay(js, jsm, { filter, stream, from: { kind: 'all' } })) {
      if (!r.ok) undecodable++;
      else if (r.event.run === run) events.push({ stream, seq: r.seq, storedAt: r.storedAt, event: r.event as HeliosEvent });
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

/** What one P&L event reports on: the portfolio as a whole, or one strategy's position in one instrument. */
function pnlKey(e: HeliosEvent): string {
  const p = e.payload as { strategyId?: string; instrument?: string };
  return e.type === 'pnl.update' ? `${e.type}|${p.strategyId}|${p.instrument}` : e.type;
}

/**
 * The P&L the portfolio reported once each bar had settled: per event time (a bar's close, which
 * its fills share) and key, the last event, without the id and cause (they name the input that
 * happened to come last). The portfolio reads candles and fills on two streams, so within a bar it
 * may mark the bar before or after the fills the bar caused; the events in between differ with that
 * order, their number too, but the settled values do not (the equity curve replaces a point of the
 * same time, ADR 0015).
 */
export function settledPnl(events: readonly HeliosEvent[]): Array<Omit<HeliosEvent, 'id' | 'cause' | 'corr'>> {
  const last = new Map<string, HeliosEvent>();
  for (const e of events) if (e.type.startsWith('pnl.')) last.set(`${e.ts}|${pnlKey(e)}`, e);
  const ordered = [...last.values()].sort((a, b) => a.ts - b.ts || (pnlKey(a) < pnlKey(b) ? -1 : pnlKey(a) > pnlKey(b) ? 1 : 0));
  return ordered.map(({ id: _id, cause: _cause, corr: _corr, ...rest }) => rest);
}

/**
 * What names a trading event independently of arrival order. A fill's envelope id is derived from
 * the bar that caused it and its index among that bar's fills at the exchange, so two strategies'
 * orders reaching the exchange in either order swap their fills' ids; the order and fill ids in the
 * payload do not change.
 */
function tradingForm(e: HeliosEvent): { key: string; form: unknown } {
  if (e.type !== 'order.fill') return { key: e.id, form: e };
  const { id: _id, ...rest } = e as HeliosEvent<'order.fill'>;
  return { key: `${rest.payload.clientOrderId}/${rest.payload.fillId}`, form: rest };
}

/**
 * sha256 over a canonical form of the run, each item as JSON with sorted keys, one per line:
 * first the candles, intents, risk decisions and order events, each in full (a fill without its
 * envelope id, see `tradingForm`), by stream (MD, STRATEGY, RISK, ORDER), event time and id (a
 * fill: client order id and fill id); then the settled P&L (`settledPnl`). Arrival order between
 * services differs from run to run; this form does not, while a different or duplicated trading
 * event, or a different settled P&L, changes it. `events` must be in stored order per stream (the
 * order the reference produced them, for the reference): it decides which P&L event of a bar came
 * last.
 */
export function canonicalRunHash(events: readonly HeliosEvent[]): string {
  const trading = events.filter((e) => hashedType(e.type) && !e.type.startsWith('pnl.')).map((e) => ({ e, ...tradingForm(e) }));
  trading.sort((a, b) => rankOf(a.e.type) - rankOf(b.e.type) || a.e.ts - b.e.ts || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const hash = createHash('sha256');
  for (const t of trading) hash.update(canonicalJson(t.form) + '\n');
  for (const p of settledPnl(events)) hash.update(canonicalJson(p) + '\n');
  return hash.digest('hex');
}
