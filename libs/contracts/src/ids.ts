import { murmur3x64_128Hex } from './murmur3';

/**
 * Deterministic ids: MurmurHash3 x64-128 over a framing of the parts. Each part is a type byte, a
 * 4-byte little-endian length and its bytes (UTF-8 for strings, binary64 for numbers), so
 * ('a', 'bc') and ('ab', 'c') hash different inputs, and so do 1 and '1'. A leading namespace byte
 * keeps source ids, derived ids and dead-letter ids apart.
 */
const NS_EVENT = 0x45; // 'E'
const NS_DERIVED = 0x44; // 'D'
const NS_DEAD_LETTER = 0x51; // 'Q'
const TAG_STRING = 0x01;
const TAG_NUMBER = 0x02;

export type IdPart = string | number;

// One growable buffer reused by every call: ids are computed millions of times in a backtest.
let buffer = new Uint8Array(256);
let used = 0;

function reserve(extra: number): void {
  if (used + extra <= buffer.length) return;
  let size = buffer.length * 2;
  while (size < used + extra) size *= 2;
  const grown = new Uint8Array(size);
  grown.set(buffer.subarray(0, used));
  buffer = grown;
}

/** UTF-8 encodes `s` at `used`, the way TextEncoder does (lone surrogates become U+FFFD). */
function writeUtf8(s: string): void {
  reserve(s.length * 3);
  let at = used;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      buffer[at++] = c;
    } else if (c < 0x800) {
      buffer[at++] = 0xc0 | (c >> 6);
      buffer[at++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        buffer[at++] = 0xf0 | (c >> 18);
        buffer[at++] = 0x80 | ((c >> 12) & 0x3f);
        buffer[at++] = 0x80 | ((c >> 6) & 0x3f);
        buffer[at++] = 0x80 | (c & 0x3f);
      } else {
        buffer[at++] = 0xef;
        buffer[at++] = 0xbf;
        buffer[at++] = 0xbd;
      }
    } else {
      buffer[at++] = 0xe0 | (c >> 12);
      buffer[at++] = 0x80 | ((c >> 6) & 0x3f);
      buffer[at++] = 0x80 | (c & 0x3f);
    }
  }
  used = at;
}

// Numbers are framed as their IEEE-754 binary64 bytes, little-endian: exact, identical on every
// platform, and several times faster than formatting them as decimal text.
const numberBytes = new Uint8Array(8);
const numberView = new DataView(numberBytes.buffer);

function writeLength(at: number, length: number): void {
  buffer[at] = length & 0xff;
  buffer[at + 1] = (length >>> 8) & 0xff;
  buffer[at + 2] = (length >>> 16) & 0xff;
  buffer[at + 3] = length >>> 24;
}

function writePart(part: IdPart, index: number, caller: string): void {
  if (typeof part === 'string') {
    reserve(5);
    buffer[used] = TAG_STRING;
    const lengthAt = used + 1;
    used += 5;
    const start = used;
    writeUtf8(part);
    writeLength(lengthAt, used - start);
  } else if (typeof part === 'number' && Number.isFinite(part)) {
    reserve(13);
    buffer[used] = TAG_NUMBER;
    writeLength(used + 1, 8);
    // -0 and 0 are the same key.
    numberView.setFloat64(0, part === 0 ? 0 : part, true);
    buffer.set(numberBytes, used + 5);
    used += 13;
  } else {
    throw new TypeError(`${caller}: part ${index} must be a string or a finite number, got ${String(part)}`);
  }
}

function hashParts(namespace: number, parts: readonly IdPart[], caller: string): string {
  used = 0;
  reserve(1);
  buffer[used++] = namespace;
  for (let i = 0; i < parts.length; i++) writePart(parts[i], i, caller);
  return murmur3x64_128Hex(buffer, 0, used);
}

/** Id of a source event from its natural key, e.g. eventId('binance', 'BTC-USDT', '1m', openTime). */
export function eventId(...parts: IdPart[]): string {
  if (parts.length === 0) throw new TypeError('eventId: needs at least one part of the natural key');
  return hashParts(NS_EVENT, parts, 'eventId');
}

/** Id of the `index`-th event of `type` derived from the event `causeId`. */
export function derivedId(causeId: string, type: string, index: number): string {
  if (typeof causeId !== 'string' || causeId.length === 0) throw new TypeError('derivedId: causeId must be a non-empty string');
  if (typeof type !== 'string' || type.length === 0) throw new TypeError('derivedId: type must be a non-empty string');
  if (!Number.isSafeInteger(index) || index < 0) throw new TypeError(`derivedId: index must be a non-negative integer, got ${index}`);
  return hashParts(NS_DERIVED, [causeId, type, index], 'derivedId');
}

/** Id of a dead letter; stable across retries so a re-published dead letter is de-duplicated. */
export function deadLetterId(...parts: IdPart[]): string {
  return hashParts(NS_DEAD_LETTER, parts, 'deadLetterId');
}

export const ID_HEX_PATTERN = /^[0-9a-f]{32}$/;
