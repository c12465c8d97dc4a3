import type { JetStreamManager } from '@nats-io/jetstream';
import { decodeEvent, subjects, streamOf } from '@helios/contracts';
import { seriesId, type SeriesKey } from '../adapters/market-data-adapter';

const NO_MESSAGE = 10037;

/**
 * Where each series stopped before a restart: the open time of the last candle stored on its
 * subject (a direct "last message by subject" read of the MD stream). Absent = nothing published.
 */
export async function readResumePoints(jsm: JetStreamManager, series: readonly SeriesKey[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const key of series) {
    const subject = subjects.candle(key.venue, key.symbol, key.tf);
    let data: Uint8Array;
    try {
      const msg = await jsm.streams.getMessage(streamOf(subject), { last_by_subj: subject });
      if (msg === null) continue;
      data = msg.data;
    } catch (err) {
      if ((err as { api_error?: { err_code?: number } }).api_error?.err_code === NO_MESSAGE || /no message found/i.test(String(err))) continue;
      throw err;
    }
    const decoded = decodeEvent(data);
    if (!decoded.ok || decoded.event.type !== 'md.candle') {
      throw new Error(`the last message on ${subject} is not a valid md.candle, cannot tell where to resume`);
    }
    out.set(seriesId(key), (decoded.event as { payload: { openTime: number } }).payload.openTime);
  }
  return out;
}
