import { decodeEvent, type DecodeFailure } from './codec';
import { deadLetter } from './dead-letter';
import { DLQ_MAX_ERRORS, DLQ_RAW_LIMIT } from './events/system';
import { exampleEvent } from './examples';
import { validateEvent } from './validate';

function decodeFailure(data: string): DecodeFailure {
  const result = decodeEvent(data);
  if (result.ok) throw new Error('expected a decode failure');
  return result;
}

describe('deadLetter', () => {
  const bad = JSON.stringify({ ...exampleEvent('md.tick'), type: 'md.trade' });
  const failure = decodeFailure(bad);

  it('given a decode failure, builds a valid system.dlq event carrying reason, errors and raw text', () => {
    const dl = deadLetter({ service: 'indicators', failure, originalSubject: 'md.tick.binance.BTC-USDT', originalSeq: 17, deliveryCount: 1, ts: 5 });
    expect(validateEvent(dl)).toEqual([]);
    expect(dl).toMatchObject({ type: 'system.dlq', v: 1, ts: 5, src: 'indicators', run: 'live' });
    expect(dl.payload).toEqual({
      service: 'indicators',
      reason: 'unknown-type',
      message: failure.message,
      errors: failure.errors,
      originalSubject: 'md.tick.binance.BTC-USDT',
      originalSeq: 17,
      deliveryCount: 1,
      raw: bad,
      rawTruncated: false,
    });
  });

  it('derives the id from service, subject and sequence only, so a redelivered failure de-duplicates', () => {
    const first = deadLetter({ service: 'indicators', failure, originalSubject: 'md.tick.a.b', originalSeq: 17, deliveryCount: 1, ts: 5 });
    const again = deadLetter({ service: 'indicators', failure, originalSubject: 'md.tick.a.b', originalSeq: 17, deliveryCount: 4, ts: 99 });
    const other = deadLetter({ service: 'indicators', failure, originalSubject: 'md.tick.a.b', originalSeq: 18, ts: 5 });
    expect(again.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
    expect(first.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('without a sequence, derives the id from the raw text', () => {
    const a = deadLetter({ service: 'cli', failure: decodeFailure('{'), originalSubject: 'md.tick.a.b', ts: 1 });
    const b = deadLetter({ service: 'cli', failure: decodeFailure('{'), originalSubject: 'md.tick.a.b', ts: 2 });
    const c = deadLetter({ service: 'cli', failure: decodeFailure('{{'), originalSubject: 'md.tick.a.b', ts: 1 });
    expect(a.id).toBe(b.id);
    expect(c.id).not.toBe(a.id);
  });

  it('given a poison message, records the handler reason, the original event as cause and the run', () => {
    const original = exampleEvent('strategy.intent');
    const dl = deadLetter({
      service: 'risk-gate',
      failure: { reason: 'poison', message: 'failed 5 times: position book corrupt', raw: new TextEncoder().encode(JSON.stringify(original)) },
      originalSubject: 'strategy.intent.sma-cross',
      originalSeq: 3,
      deliveryCount: 5,
      ts: 10,
      run: 'bt-42',
      cause: original.id,
    });
    expect(validateEvent(dl)).toEqual([]);
    expect(dl).toMatchObject({ run: 'bt-42', cause: original.id });
    expect(dl.payload).toMatchObject({ reason: 'poison', errors: [], raw: JSON.stringify(original), rawTruncated: false, deliveryCount: 5 });
  });

  it('cuts oversized texts to the schema limits instead of failing while reporting a failure', () => {
    const dl = deadLetter({
      service: 'order-engine',
      failure: {
        reason: 'handler-error',
        message: 'E'.repeat(10_000),
        raw: 'r'.repeat(DLQ_RAW_LIMIT + 10),
        errors: Array.from({ length: DLQ_MAX_ERRORS + 5 }, (_, i) => ({ path: `/${i}`, rule: 'x', message: 'm' })),
      },
      originalSubject: 'order.new.paper-1',
      ts: 1,
    });
    expect(validateEvent(dl)).toEqual([]);
    expect(dl.payload.message).toHaveLength(4096);
    expect(dl.payload.raw).toHaveLength(DLQ_RAW_LIMIT);
    expect(dl.payload.rawTruncated).toBe(true);
    expect(dl.payload.errors).toHaveLength(DLQ_MAX_ERRORS);
  });

  it('throws a clear error when the caller passes an invalid service name', () => {
    expect(() => deadLetter({ service: 'risk gate', failure, originalSubject: 'x', ts: 1 })).toThrow(
      'createEvent(system.dlq) is invalid: /payload/service: must match pattern',
    );
  });
});
