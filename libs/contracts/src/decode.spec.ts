import { DEFAULT_MAX_BYTES, decodeEvent, encodeEvent, type DecodeFailure, type DecodeResult } from './codec';
import { DLQ_RAW_LIMIT } from './events/system';
import { exampleEvent, examples } from './examples';
import { registry } from './registry';

const text = (value: unknown) => JSON.stringify(value);
function failure(result: DecodeResult): DecodeFailure {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.event)}`);
  return result;
}

describe('decodeEvent', () => {
  it.each(registry.types)('decodes the encoded example of %s back to an equal event', (type) => {
    const event = exampleEvent(type);
    expect(decodeEvent(encodeEvent(event))).toEqual({ ok: true, event });
    expect(decodeEvent(text(event))).toEqual({ ok: true, event });
  });

  it('encodes as UTF-8 JSON', () => {
    const event = exampleEvent('order.reject');
    event.payload.reason = 'solde insuffisant — 残高不足';
    const bytes = encodeEvent(event);
    expect(new TextDecoder().decode(bytes)).toBe(JSON.stringify(event));
  });

  describe('given a v1 candle (no `closed` field)', () => {
    const v1 = exampleEvent('md.candle', 1);

    it('when decoded, then it is upcast to v2 with closed: true and everything else unchanged', () => {
      const result = decodeEvent(text(v1));
      expect(result).toEqual({ ok: true, event: { ...v1, v: 2, payload: { ...(v1.payload as object), closed: true } } });
      expect(registry.currentVersion('md.candle')).toBe(2);
    });

    it('when its v1 payload is invalid, then it fails as invalid-payload naming the v1 rule', () => {
      const bad = { ...v1, payload: { ...(v1.payload as object), volume: -1 } };
      const f = failure(decodeEvent(text(bad)));
      expect(f.reason).toBe('invalid-payload');
      expect(f.message).toBe('invalid md.candle v1 payload: /payload/volume: must be >= 0 [minimum]');
    });

    it('when it already carries v2 fields, then it is rejected: v1 never had them', () => {
      const f = failure(decodeEvent(text({ ...v1, payload: { ...(v1.payload as object), closed: false } })));
      expect(f.errors.map((e) => [e.path, e.rule])).toEqual([['/payload/closed', 'additionalProperties']]);
    });
  });

  it('given a v3 candle, when decoded, then it is unsupported-version (a newer writer, not garbage)', () => {
    const v3 = { ...exampleEvent('md.candle'), v: 3 };
    const f = failure(decodeEvent(text(v3)));
    expect(f.reason).toBe('unsupported-version');
    expect(f.errors).toEqual([
      { path: '/v', rule: 'knownVersion', message: '/v: md.candle v3 is newer than this reader (knows up to v2) [knownVersion]' },
    ]);
    expect(f.raw).toBe(text(v3));
  });

  it('fails as malformed-json on bytes that are not UTF-8, keeping a readable raw', () => {
    const f = failure(decodeEvent(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])));
    expect(f).toMatchObject({ reason: 'malformed-json', message: 'message is not valid UTF-8', errors: [], raw: '{\ufffd\ufffd}' });
  });

  it('fails as malformed-json on text that is not JSON', () => {
    const f = failure(decodeEvent('{"id": '));
    expect(f.reason).toBe('malformed-json');
    expect(f.message).toMatch(/^message is not JSON: /);
    expect(f.raw).toBe('{"id": ');
    expect(f.rawTruncated).toBe(false);
  });

  it('fails as invalid-envelope with every envelope issue', () => {
    const f = failure(decodeEvent(text({ ...exampleEvent('md.tick'), ts: -5, run: '' })));
    expect(f.reason).toBe('invalid-envelope');
    expect(f.errors.map((e) => [e.path, e.rule])).toEqual([
      ['/ts', 'minimum'],
      ['/run', 'minLength'],
      ['/run', 'pattern'],
    ]);
    expect(f.message).toBe('invalid envelope: /ts: must be >= 0 [minimum]');
  });

  it('fails as invalid-envelope on JSON that is not an object', () => {
    expect(failure(decodeEvent('[1,2]')).reason).toBe('invalid-envelope');
    expect(failure(decodeEvent('null')).reason).toBe('invalid-envelope');
  });

  it('fails as unknown-type on a well-formed envelope of a type nobody registered', () => {
    const f = failure(decodeEvent(text({ ...exampleEvent('md.tick'), type: 'md.trade' })));
    expect(f.reason).toBe('unknown-type');
    expect(f.errors).toEqual([{ path: '/type', rule: 'knownType', message: '/type: "md.trade" is not a known event type [knownType]' }]);
  });

  it('fails as invalid-payload with the exact path and rule', () => {
    const intent = exampleEvent('strategy.intent');
    intent.payload.targets[0].qty = 'lots' as unknown as number;
    const f = failure(decodeEvent(text(intent)));
    expect(f.reason).toBe('invalid-payload');
    expect(f.errors).toEqual([{ path: '/payload/targets/0/qty', rule: 'type', message: '/payload/targets/0/qty: must be number [type]' }]);
  });

  describe('size cap', () => {
    const event = exampleEvent('md.tick');
    const size = encodeEvent(event).byteLength;

    it('accepts a message of exactly maxBytes and refuses one byte less of allowance as oversized', () => {
      expect(decodeEvent(encodeEvent(event), { maxBytes: size }).ok).toBe(true);
      const f = failure(decodeEvent(encodeEvent(event), { maxBytes: size - 1 }));
      expect(f.reason).toBe('oversized');
      expect(f.message).toBe(`message is ${size} bytes, over the ${size - 1}-byte limit`);
    });

    it('counts UTF-8 bytes, not characters, for string input', () => {
      const multiByte = '€'.repeat(10); // 30 bytes
      expect(failure(decodeEvent(multiByte, { maxBytes: 29 })).reason).toBe('oversized');
      expect(failure(decodeEvent(multiByte, { maxBytes: 30 })).reason).toBe('malformed-json');
    });

    it('defaults to 1 MiB and keeps only the first DLQ_RAW_LIMIT characters of an oversized message', () => {
      expect(DEFAULT_MAX_BYTES).toBe(1_048_576);
      const huge = new Uint8Array(DEFAULT_MAX_BYTES + 1).fill(0x61);
      const f = failure(decodeEvent(huge));
      expect(f.reason).toBe('oversized');
      expect(f.raw).toBe('a'.repeat(DLQ_RAW_LIMIT));
      expect(f.rawTruncated).toBe(true);
    });

    it('never cuts a surrogate pair in half when truncating raw text', () => {
      const text = `${'a'.repeat(DLQ_RAW_LIMIT - 1)}😀tail`;
      const f = failure(decodeEvent(text, { maxBytes: 10 }));
      expect(f.raw).toBe('a'.repeat(DLQ_RAW_LIMIT - 1));
      expect(f.rawTruncated).toBe(true);
    });
  });

  it('returns the payload of the current version untouched (same values as the example)', () => {
    const result = decodeEvent(text(exampleEvent('order.new')));
    expect(result.ok && result.event.type === 'order.new' && result.event.payload).toEqual(examples['order.new']);
  });
});
