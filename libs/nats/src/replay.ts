import type { JetStreamClient, JetStreamManager, JsMsg, OrderedConsumerOptions } from '@nats-io/jetstream';
import { decodeEvent, DEFAULT_MAX_BYTES, type Envelope } from '@helios/contracts';
import type { StartPosition, StoredEvent } from '@helios/kernel';
import { storedAtMs } from './consumer';
import { asFilterList, streamForFilters } from './stream-lookup';

export interface ReplayOptions {
  filter: string | readonly string[];
  from: StartPosition;
  /** The stream to read; looked up from the filter when absent. */
  stream?: string;
  /** Bodies larger than this are reported as `oversized` (default: the contracts' 1 MiB). */
  maxEventBytes?: number;
  /** Messages the server pushes ahead of the reader (default 512). */
  prefetch?: number;
  /**
   * When the reader waits this long for the next message, the server is asked whether any is still
   * pending; none means the rest expired or was deleted meanwhile, and the replay ends (default 2 s).
   */
  idleCheckMs?: number;
}

export interface ReplayFailure {
  reason: string;
  message: string;
  errors?: unknown;
  raw?: string;
}

/** A stored message: decoded (`ok: true`) or reported with the reason it could not be (`ok: false`). */
export type ReplayRecord<E extends Envelope = Envelope> =
  | ({ ok: true } & StoredEvent<E>)
  | { ok: false; stream: string; subject: string; seq: number; storedAt: number; failure: ReplayFailure };

function startOptions(from: StartPosition): Partial<OrderedConsumerOptions> {
  switch (from.kind) {
    case 'all':
      return { deliver_policy: 'all' };
    case 'seq':
      if (!Number.isInteger(from.seq) || from.seq < 1) throw new Error(`replay: from.seq must be an integer >= 1, got ${String(from.seq)}`);
      return { opt_start_seq: from.seq };
    case 'time':
      if (!Number.isFinite(from.ts) || from.ts < 0) throw new Error(`replay: from.ts must be ms since epoch, got ${String(from.ts)}`);
      return { opt_start_time: new Date(from.ts).toISOString() };
    default:
      throw new Error(`replay: unknown start position ${JSON.stringify(from)}`);
  }
}

// Hot path of every replay: plain object literals, no spreads.
function toRecord<E extends Envelope>(m: JsMsg, decodeOptions: { maxBytes: number }): ReplayRecord<E> {
  const decoded = decodeEvent(m.data, decodeOptions);
  const stream = m.info.stream;
  if (decoded.ok) return { ok: true, stream, subject: m.subject, seq: m.seq, storedAt: storedAtMs(m), event: decoded.event as E };
  const failure = { reason: decoded.reason, message: decoded.message, errors: decoded.errors, raw: decoded.raw };
  return { ok: false, stream, subject: m.subject, seq: m.seq, storedAt: storedAtMs(m), failure };
}

/**
 * Reads a stream in order from a sequence or a time with an ordered consumer, up to the last message
 * stored when it was called, and yields every message matching the filter: decoded, or reported
 * with its decode failure. It never throws for a bad message.
 */
export async function* replay<E extends Envelope = Envelope>(
  js: JetStreamClient,
  jsm: JetStreamManager,
  opts: ReplayOptions,
): AsyncGenerator<ReplayRecord<E>, void, undefined> {
  const filters = asFilterList(opts.filter, 'replay');
  const start = startOptions(opts.from);
  const decodeOptions = { maxBytes: opts.maxEventBytes ?? DEFAULT_MAX_BYTES };
  const stream = opts.stream ?? (await streamForFilters(jsm, filters, 'replay'));
  const lastSeq = (await jsm.streams.info(stream)).state.last_seq;
  if (lastSeq === 0 || (opts.from.kind === 'seq' && opts.from.seq > lastSeq)) return;

  let from = start;
  if (start.opt_start_time !== undefined) {
    // The client re-creates an ordered consumer after a gap from a copy of its config, and a copy that
    // holds opt_start_time next to the new start sequence is refused. So a time becomes a sequence first:
    // a fresh consumer reports the sequence before its start as `delivered`.
    const probe = await js.consumers.get(stream, { filter_subjects: filters, ...start });
    const probed = await probe.info(true);
    probe.delete().catch(() => undefined);
    if (probed.num_pending === 0) return;
    from = { opt_start_seq: probed.delivered.stream_seq + 1 };
  }
  const consumer = await js.consumers.get(stream, { filter_subjects: filters, ...from });
  try {
    if ((await consumer.info(true)).num_pending === 0) return;
    const messages = await consumer.consume({ max_messages: opts.prefetch ?? 512 });
    const iterator = messages[Symbol.asyncIterator]();
    let waiting = false;
    let received = 0;
    let seenAtLastCheck = -1;
    const watchdog = setInterval(() => {
      if (!waiting || received !== seenAtLastCheck) {
        seenAtLastCheck = received;
        return;
      }
      consumer
        .info()
        .then((ci) => {
          if (waiting && received === seenAtLastCheck && ci.num_pending === 0) void messages.close();
        })
        .catch(() => undefined);
    }, opts.idleCheckMs ?? 2_000);
    try {
      for (;;) {
        waiting = true;
        const next = await iterator.next();
        waiting = false;
        if (next.done) return;
        received++;
        const m = next.value;
        if (m.seq > lastSeq) return;
        yield toRecord<E>(m, decodeOptions);
        if (m.seq === lastSeq || m.info.pending === 0) return;
      }
    } finally {
      clearInterval(watchdog);
      // The client runs its close step from inside the iteration; ending the iteration runs it.
      await iterator.return?.(undefined);
      await messages.close();
    }
  } finally {
    // Ordered consumers are ephemeral and would expire by themselves; free them now.
    consumer.delete().catch(() => undefined);
  }
}
