import { murmur3x86_128WordsHex } from './murmur3';

/**
 * Deterministic ids: MurmurHash3 x86-128 (seed 0) over a framing of the parts, 32 lowercase hex
 * characters. The framing is a sequence of little-endian 32-bit words: a namespace word, then per
 * part a tag word, a length word (in bytes) and the part's bytes (UTF-8 for strings, binary64
 * little-endian for numbers) zero-padded to a whole word. So ('a', 'bc') and ('ab', 'c') hash
 * different inputs, and so do 1 and '1'. The namespace keeps source ids, derived ids and
 * dead-letter ids apart.
 *
 * Word-aligned parts let an ASCII string (every id, type and key here) go straight from its
 * character codes into words, four at a time, without a UTF-8 encoding pass.
 */
const NS_EVENT = 0x45; // 'E'
const NS_DERIVED = 0x44; // 'D'
const NS_DEAD_LETTER = 0x51; // 'Q'
const TAG_STRING = 0x01;
const TAG_NUMBER = 0x02;

export type IdPart = string | number;

// One growable word buffer reused by every call: ids are computed millions of times in a backtest.
let words = new Int32Array(64);
let used = 0;

function reserve(extra: number): void {
  if (used + extra <= words.length) return;
  let size = words.length * 2;
  while (size < used + extra) size *= 2;
  const grown = new Int32Array(size);
  grown.set(words.subarray(0, used));
  words = grown;
}

let utf8 = new Uint8Array(256);

/** UTF-8 of `s` into `utf8`, the way TextEncoder does it (lone surrogates become U+FFFD); returns the byte count. */
function encodeUtf8(s: string): number {
  if (utf8.length < s.length * 3) utf8 = new Uint8Array(s.length * 3);
  let at = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      utf8[at++] = c;
    } else if (c < 0x800) {
      utf8[at++] = 0xc0 | (c >> 6);
      utf8[at++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        utf8[at++] = 0xf0 | (c >> 18);
        utf8[at++] = 0x80 | ((c >> 12) & 0x3f);
        utf8[at++] = 0x80 | ((c >> 6) & 0x3f);
        utf8[at++] = 0x80 | (c & 0x3f);
      } else {
        utf8[at++] = 0xef;
        utf8[at++] = 0xbf;
        utf8[at++] = 0xbd;
      }
    } else {
      utf8[at++] = 0xe0 | (c >> 12);
      utf8[at++] = 0x80 | ((c >> 6) & 0x3f);
      utf8[at++] = 0x80 | (c & 0x3f);
    }
  }
  return at;
}

/**
 * Writes `s`'s characters as bytes, four per word, while they are ASCII (where a character code is
 * its UTF-8 byte); returns false, having written an unspecified prefix, at the first one that is not.
 */
function writeAscii(s: string): boolean {
  const n = s.length;
  let at = used;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const c0 = s.charCodeAt(i);
    const c1 = s.charCodeAt(i + 1);
    const c2 = s.charCodeAt(i + 2);
    const c3 = s.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) > 0x7f) return false;
    words[at++] = c0 | (c1 << 8) | (c2 << 16) | (c3 << 24);
  }
  if (i < n) {
    let w = 0;
    for (let shift = 0; i < n; i++, shift += 8) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) return false;
      w |= c << shift;
    }
    words[at++] = w;
  }
  used = at;
  return true;
}

function writeString(s: string): void {
  // Room for the header and the worst case of 3 UTF-8 bytes per UTF-16 unit.
  reserve(3 + ((s.length * 3) >>> 2));
  words[used] = TAG_STRING;
  const start = used + 2;
  used = start;
  if (writeAscii(s)) {
    words[start - 1] = s.length;
    return;
  }
  used = start;
  const length = encodeUtf8(s);
  for (let i = 0; i < length; i += 4) {
    words[used++] = utf8[i] | (utf8[i + 1] << 8) | (utf8[i + 2] << 16) | (utf8[i + 3] << 24);
  }
  // Bytes past `length` in the last word were left over from earlier strings: zero them.
  const spare = (4 - (length & 3)) & 3;
  if (spare > 0) words[used - 1] &= 0xffffffff >>> (spare * 8);
  words[start - 1] = length;
}

const numberView = new DataView(new ArrayBuffer(8));

function writeNumber(x: number): void {
  reserve(4);
  words[used] = TAG_NUMBER;
  words[used + 1] = 8;
  // -0 and 0 are the same key.
  numberView.setFloat64(0, x === 0 ? 0 : x, true);
  words[used + 2] = numberView.getInt32(0, true);
  words[used + 3] = numberView.getInt32(4, true);
  used += 4;
}

function writePart(part: IdPart, index: number, caller: string): void {
  if (typeof part === 'string') writeString(part);
  else if (typeof part === 'number' && Number.isFinite(part)) writeNumber(part);
  else throw new TypeError(`${caller}: part ${index} must be a string or a finite number, got ${String(part)}`);
}

function begin(namespace: number): void {
  used = 0;
  words[used++] = namespace;
}

function hashParts(namespace: number, parts: readonly IdPart[], caller: string): string {
  begin(namespace);
  for (let i = 0; i < parts.length; i++) writePart(parts[i], i, caller);
  return murmur3x86_128WordsHex(words, used);
}

/** Id of a source event from its natural key, e.g. eventId('binance', 'BTC-USDT', '1m', openTime). */
export function eventId(...parts: IdPart[]): string {
  if (parts.length === 0) throw new TypeError('eventId: needs at least one part of the natural key');
  return hashParts(NS_EVENT, parts, 'eventId');
}

/** Id of the `index`-th event of `type` derived from the event `causeId`: the parts (causeId, type, index). */
export function derivedId(causeId: string, type: string, index: number): string {
  if (typeof causeId !== 'string' || causeId.length === 0) throw new TypeError('derivedId: causeId must be a non-empty string');
  if (typeof type !== 'string' || type.length === 0) throw new TypeError('derivedId: type must be a non-empty string');
  if (!Number.isSafeInteger(index) || index < 0) throw new TypeError(`derivedId: index must be a non-negative integer, got ${index}`);
  begin(NS_DERIVED);
  writeString(causeId);
  writeString(type);
  writeNumber(index);
  return murmur3x86_128WordsHex(words, used);
}

/** Id of a dead letter; stable across retries so a re-published dead letter is de-duplicated. */
export function deadLetterId(...parts: IdPart[]): string {
  return hashParts(NS_DEAD_LETTER, parts, 'deadLetterId');
}

export const ID_HEX_PATTERN = /^[0-9a-f]{32}$/;
