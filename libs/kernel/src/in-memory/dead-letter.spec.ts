import { DLQ_RAW_LIMIT, validateEvent, type Envelope } from '@helios/contracts';
import type { StoredEvent } from '../ports/bus';
import { buildDeadLetter } from './dead-letter';

const original: Envelope = { id: 'bar-1', type: 'md.candle', v: 2, ts: 60_000, src: 'md', run: 'bt-7', payload: { close: 1 } };
const stored = (event: Envelope, seq = 42): StoredEvent => ({ stream: 'MD', subject: 'md.candle.x.BTC-USDT.1m', seq, storedAt: 61_000, event });

describe('buildDeadLetter', () => {
  it('builds a valid system.dlq event that points at the original message', () => {
    const letter = buildDeadLetter({ service: 'strategy', reason: 'poison', message: 'boom', original: stored(original), deliveryCount: 5, ts: 62_000 });
    expect(validateEvent(letter)).toEqual([]);
    expect(letter).toMatchObject({ type: 'system.dlq', v: 1, ts: 62_000, src: 'strategy', run: 'bt-7', cause: 'bar-1' });
    expect(letter.payload).toEqual({
      service: 'strategy',
      reason: 'poison',
      message: 'boom',
      errors: [],
      originalSubject: 'md.candle.x.BTC-USDT.1m',
      originalSeq: 42,
      deliveryCount: 5,
      raw: JSON.stringify(original),
      rawTruncated: false,
    });
  });

  it('derives the id from service, subject and sequence, so a repeat is de-duplicated', () => {
    const build = (service: string, seq: number, deliveryCount: number) =>
      buildDeadLetter({ service, reason: 'handler-error', message: 'x', original: stored(original, seq), deliveryCount, ts: deliveryCount }).id;
    expect(build('a', 1, 1)).toBe(build('a', 1, 3));
    expect(new Set([build('a', 1, 1), build('b', 1, 1), build('a', 2, 1)]).size).toBe(3);
  });

  it('cuts a large original to the raw limit and fills in an empty message', () => {
    const big: Envelope = { ...original, payload: { blob: 'x'.repeat(DLQ_RAW_LIMIT) } };
    const letter = buildDeadLetter({ service: 's', reason: 'handler-error', message: '', original: stored(big), deliveryCount: 1, ts: 0 });
    const payload = letter.payload as { raw: string; rawTruncated: boolean; message: string };
    expect(payload.raw.length).toBeLessThanOrEqual(DLQ_RAW_LIMIT);
    expect(payload.rawTruncated).toBe(true);
    expect(payload.message).toBe('handler-error');
    expect(validateEvent(letter)).toEqual([]);
  });
});
