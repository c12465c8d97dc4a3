import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { replay, type ReplayRecord } from '@helios/nats';

export interface ReplaySource {
  stream: string;
  filters: string[];
  /** First stream sequence to read. */
  fromSeq: number;
}

/**
 * Replays several streams as one sequence ordered by the time each message was stored (ties: the
 * order of `sources`, then sequence). Within a stream the order is the stream's; across streams it
 * is the best available stand-in for the order a live service received them in.
 */
export async function* mergedReplay(
  js: JetStreamClient,
  jsm: JetStreamManager,
  sources: readonly ReplaySource[],
  maxEventBytes: number,
): AsyncGenerator<ReplayRecord, void, undefined> {
  const iterators = sources.map((s) =>
    replay(js, jsm, { filter: s.filters, from: { kind: 'seq', seq: Math.max(1, s.fromSeq) }, stream: s.stream, maxEventBytes })[Symbol.asyncIterator](),
  );
  const heads: Array<ReplayRecord | undefined> = [];
  try {
    for (let i = 0; i < iterators.length; i++) heads[i] = await nextOf(iterators[i]);
    for (;;) {
      let pick = -1;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i];
        if (h !== undefined && (pick === -1 || h.storedAt < (heads[pick] as ReplayRecord).storedAt)) pick = i;
      }
      if (pick === -1) return;
      yield heads[pick] as ReplayRecord;
      heads[pick] = await nextOf(iterators[pick]);
    }
  } finally {
    await Promise.all(iterators.map((it) => it.return?.(undefined)));
  }
}

async function nextOf(it: AsyncIterator<ReplayRecord>): Promise<ReplayRecord | undefined> {
  const next = await it.next();
  return next.done ? undefined : next.value;
}
