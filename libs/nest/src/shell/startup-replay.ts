import type { ReplayRecord } from '@helios/nats';
import type { InputConsumers } from './input-consumers';
import { mergedReplay } from './merged-replay';
import type { NatsLink } from './nats-link';

export type ValidRecord = Extract<ReplayRecord, { ok: true }>;

export interface StartupReplay {
  link: NatsLink;
  consumers: InputConsumers;
  maxEventBytes: number;
  /** Resolves when the service may go on (not paused); checked before each record. */
  waitWhilePaused(): Promise<void>;
  stopRequested(): boolean;
  /** Applies one stored input; `publish` when its outputs may be missing from the streams. */
  apply(record: ValidRecord, publish: boolean): Promise<void>;
}

/**
 * Re-applies every input after the covered sequences, in stored order across streams, up to the
 * end of each stream. Outputs are published again only for inputs above the consumer's ack floor:
 * below it they were stored before the input was acked. Without a consumer the service never
 * processed these inputs itself: they are history, folded into the state and not published.
 * Undecodable records are skipped here; the live consumer dead-letters them.
 */
export async function replayInputTail(r: StartupReplay): Promise<{ stopped: boolean }> {
  const republishAbove = new Map<string, number>();
  const lastSeqs = new Map<string, number>();
  for (const c of r.consumers.list) {
    lastSeqs.set(c.stream, (await r.link.jsm.streams.info(c.stream)).state.last_seq);
    const info = await r.consumers.info(r.link, c);
    republishAbove.set(c.stream, info === undefined ? Infinity : info.ack_floor.stream_seq);
  }
  const sources = r.consumers.list.map((c) => ({ stream: c.stream, filters: c.filters, fromSeq: c.log.covered + 1 }));
  for await (const record of mergedReplay(r.link.js, r.link.jsm, sources, r.maxEventBytes)) {
    await r.waitWhilePaused();
    if (r.stopRequested()) return { stopped: true };
    if (record.ok) await r.apply(record, (republishAbove.get(record.stream) ?? Infinity) < record.seq);
  }
  // The replay read every matching message up to these sequences: nothing below them is still to come.
  for (const c of r.consumers.list) c.log.coverThrough(lastSeqs.get(c.stream) ?? 0);
  return { stopped: false };
}
