import { EnvelopeSchema } from './envelope';
import { deadLetterId, derivedId, eventId, ID_HEX_PATTERN } from './ids';
import { murmur3x86_128Hex } from './murmur3';

/**
 * Independent framing, byte by byte: namespace, then per part tag and byte length (each a u32le)
 * and the UTF-8 (TextEncoder) or float64 LE bytes, zero-padded to a multiple of 4.
 */
function referenceId(namespace: number, parts: Array<string | number>): string {
  const chunks: number[] = [];
  const u32 = (x: number) => chunks.push(x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, x >>> 24);
  u32(namespace);
  for (const part of parts) {
    const bytes = typeof part === 'string' ? new TextEncoder().encode(part) : Buffer.alloc(8);
    if (typeof part === 'number') (bytes as Buffer).writeDoubleLE(part);
    u32(typeof part === 'string' ? 1 : 2);
    u32(bytes.length);
    chunks.push(...bytes);
    while (chunks.length % 4 !== 0) chunks.push(0);
  }
  return murmur3x86_128Hex(Uint8Array.from(chunks));
}

describe('eventId / derivedId', () => {
  it('gives 32 lowercase hex characters that the envelope id pattern accepts', () => {
    const id = eventId('binance', 'BTC-USDT', '1m', 1_704_067_200_000);
    expect(id).toMatch(ID_HEX_PATTERN);
    expect(new RegExp((EnvelopeSchema.properties.id as unknown as { pattern: string }).pattern).test(id)).toBe(true);
  });

  it('is pure: the same natural key gives the same id on every call, interleaved with other calls', () => {
    const first = eventId('binance', 'BTC-USDT', '1m', 1_704_067_200_000);
    eventId('x'.repeat(5000));
    derivedId(first, 'strategy.intent', 3);
    expect(eventId('binance', 'BTC-USDT', '1m', 1_704_067_200_000)).toBe(first);
    expect(derivedId(first, 'strategy.intent', 3)).toBe(derivedId(first, 'strategy.intent', 3));
  });

  it('hashes exactly the documented framing (checked against TextEncoder), including non-ASCII and long parts', () => {
    const cases: Array<Array<string | number>> = [
      ['binance', 'BTC-USDT', '1m', 1_704_067_200_000],
      ['€uro', '𝄞 clef', 'é', -0.5, 2 ** 53 + 2],
      ['lone \ud800 surrogate'],
      ['y'.repeat(1000), 'z'.repeat(300)],
      // Every padding length, ASCII and not, and a non-ASCII string after a longer one (no stale bytes).
      ['', 'a', 'ab', 'abc', 'abcd', 'abcde'],
      ['€'.repeat(40), 'é', 'aé', 'abé', 'abcé', 'x'],
    ];
    for (const parts of cases) expect(eventId(...parts)).toBe(referenceId(0x45, parts));
    expect(derivedId('cause', 'order.new', 2)).toBe(referenceId(0x44, ['cause', 'order.new', 2]));
  });

  it('joins parts unambiguously', () => {
    expect(eventId('a', 'bc')).not.toBe(eventId('ab', 'c'));
    expect(eventId('a', '')).not.toBe(eventId('a'));
    expect(eventId('a.b')).not.toBe(eventId('a', 'b'));
    expect(eventId(1)).not.toBe(eventId('1'));
    expect(eventId(1_704_067_200_000)).not.toBe(eventId(1_704_067_200_001));
    expect(eventId(0.1 + 0.2)).not.toBe(eventId(0.3));
  });

  it('treats -0 and 0 as the same key', () => {
    expect(eventId('k', -0)).toBe(eventId('k', 0));
  });

  it('keeps source, derived and dead-letter ids apart for the same parts', () => {
    const ids = new Set([eventId('c', 't', 0), derivedId('c', 't', 0), deadLetterId('c', 't', 0)]);
    expect(ids.size).toBe(3);
  });

  it('separates derived events by cause, type and index', () => {
    const ids = new Set([derivedId('c1', 'order.new', 0), derivedId('c1', 'order.new', 1), derivedId('c2', 'order.new', 0), derivedId('c1', 'order.ack', 0)]);
    expect(ids.size).toBe(4);
  });

  it('rejects parts that would make ids meaningless, naming the part', () => {
    expect(() => eventId()).toThrow('eventId: needs at least one part');
    expect(() => eventId('a', Number.NaN)).toThrow('eventId: part 1 must be a string or a finite number, got NaN');
    expect(() => eventId({} as unknown as string)).toThrow('part 0 must be a string or a finite number');
    expect(() => derivedId('', 'order.new', 0)).toThrow('derivedId: causeId must be a non-empty string');
    expect(() => derivedId('c', '', 0)).toThrow('derivedId: type must be a non-empty string');
    expect(() => derivedId('c', 'order.new', -1)).toThrow('derivedId: index must be a non-negative integer, got -1');
    expect(() => derivedId('c', 'order.new', 1.5)).toThrow('index must be a non-negative integer');
  });
});
