/**
 * MurmurHash3 x86 128-bit (Austin Appleby, public domain algorithm). Its arithmetic is 32-bit
 * multiplies, rotations and additions, which JavaScript does natively (`Math.imul`, `| 0`), so it
 * runs without BigInt or node:crypto, in browsers as well as Node, several times faster than the
 * x64 variant emulated with 32-bit halves. Ids are hashed millions of times in a backtest.
 */

const C1 = 0x239b961b;
const C2 = 0xab0e9789 | 0;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93 | 0;

/** The four 32-bit words h1..h4 of the last hash. */
const out = new Int32Array(4);

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Hashes the first `length` bytes of the little-endian byte sequence of `words` into `out`. The
 * bytes of the last word past `length` must be zero: then a tail word is the reference's tail bytes
 * read little-endian, and the tail needs no byte loop.
 */
function hashWords(words: Int32Array, length: number, seed: number): void {
  let h1 = seed | 0;
  let h2 = h1;
  let h3 = h1;
  let h4 = h1;
  const blockWords = (length >>> 4) << 2;
  let i = 0;
  for (; i < blockWords; i += 4) {
    let k1 = Math.imul(words[i], C1);
    k1 = (k1 << 15) | (k1 >>> 17);
    h1 ^= Math.imul(k1, C2);
    h1 = (h1 << 19) | (h1 >>> 13);
    h1 = (Math.imul(h1 + h2, 5) + 0x561ccd1b) | 0;

    let k2 = Math.imul(words[i + 1], C2);
    k2 = (k2 << 16) | (k2 >>> 16);
    h2 ^= Math.imul(k2, C3);
    h2 = (h2 << 17) | (h2 >>> 15);
    h2 = (Math.imul(h2 + h3, 5) + 0x0bcaa747) | 0;

    let k3 = Math.imul(words[i + 2], C3);
    k3 = (k3 << 17) | (k3 >>> 15);
    h3 ^= Math.imul(k3, C4);
    h3 = (h3 << 15) | (h3 >>> 17);
    h3 = (Math.imul(h3 + h4, 5) + 0x96cd1c35) | 0;

    let k4 = Math.imul(words[i + 3], C4);
    k4 = (k4 << 18) | (k4 >>> 14);
    h4 ^= Math.imul(k4, C1);
    h4 = (h4 << 13) | (h4 >>> 19);
    h4 = (Math.imul(h4 + h1, 5) + 0x32ac3b17) | 0;
  }

  // Tail: 1..15 bytes in up to four zero-padded words; a word is mixed when it holds any of them.
  const rest = length & 15;
  if (rest > 12) {
    let k4 = Math.imul(words[i + 3], C4);
    k4 = (k4 << 18) | (k4 >>> 14);
    h4 ^= Math.imul(k4, C1);
  }
  if (rest > 8) {
    let k3 = Math.imul(words[i + 2], C3);
    k3 = (k3 << 17) | (k3 >>> 15);
    h3 ^= Math.imul(k3, C4);
  }
  if (rest > 4) {
    let k2 = Math.imul(words[i + 1], C2);
    k2 = (k2 << 16) | (k2 >>> 16);
    h2 ^= Math.imul(k2, C3);
  }
  if (rest > 0) {
    let k1 = Math.imul(words[i], C1);
    k1 = (k1 << 15) | (k1 >>> 17);
    h1 ^= Math.imul(k1, C2);
  }

  h1 ^= length;
  h2 ^= length;
  h3 ^= length;
  h4 ^= length;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix32(h1);
  h2 = fmix32(h2);
  h3 = fmix32(h3);
  h4 = fmix32(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  out[0] = h1;
  out[1] = h2 + h1;
  out[2] = h3 + h1;
  out[3] = h4 + h1;
}

const HEX_DIGIT = new Uint8Array(Array.from('0123456789abcdef', (c) => c.charCodeAt(0)));

/** Character code of the hex digit of bits [shift, shift + 4) of w. */
function digit(w: number, shift: number): number {
  return HEX_DIGIT[(w >>> shift) & 15];
}

/**
 * `out` as 32 hex characters of its 16 output bytes (each word little-endian, as the reference
 * writes them). One fromCharCode call makes one flat string: concatenating pieces would make a
 * rope that every later read (a Map key, a hash) has to flatten first.
 */
function outHex(): string {
  const a = out[0];
  const b = out[1];
  const c = out[2];
  const d = out[3];
  // prettier-ignore
  return String.fromCharCode(
    digit(a, 4), digit(a, 0), digit(a, 12), digit(a, 8), digit(a, 20), digit(a, 16), digit(a, 28), digit(a, 24),
    digit(b, 4), digit(b, 0), digit(b, 12), digit(b, 8), digit(b, 20), digit(b, 16), digit(b, 28), digit(b, 24),
    digit(c, 4), digit(c, 0), digit(c, 12), digit(c, 8), digit(c, 20), digit(c, 16), digit(c, 28), digit(c, 24),
    digit(d, 4), digit(d, 0), digit(d, 12), digit(d, 8), digit(d, 20), digit(d, 16), digit(d, 28), digit(d, 24),
  );
}

function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`murmur3x86_128: seed must be an unsigned 32-bit integer, got ${seed}`);
  }
}

/** The little-endian words of bytes[0, length), the last one zero-padded. */
function wordsOf(bytes: Uint8Array, length: number): Int32Array {
  if (!Number.isSafeInteger(length) || length < 0 || length > bytes.length) {
    throw new RangeError(`murmur3x86_128: length must be an integer in [0, ${bytes.length}], got ${length}`);
  }
  const words = new Int32Array((length + 3) >>> 2);
  for (let i = 0; i < length; i++) words[i >>> 2] |= bytes[i] << ((i & 3) << 3);
  return words;
}

/**
 * MurmurHash3_x86_128 of `bytes[0, length)`, as the 16 bytes the reference implementation writes
 * (h1, h2, h3, h4, each little-endian).
 */
export function murmur3x86_128(bytes: Uint8Array, seed = 0, length = bytes.length): Uint8Array {
  checkSeed(seed);
  hashWords(wordsOf(bytes, length), length, seed);
  const result = new Uint8Array(16);
  for (let i = 0; i < 16; i++) result[i] = out[i >>> 2] >>> ((i & 3) << 3);
  return result;
}

/** The same hash as 32 lowercase hex characters, in output byte order. */
export function murmur3x86_128Hex(bytes: Uint8Array, seed = 0, length = bytes.length): string {
  checkSeed(seed);
  hashWords(wordsOf(bytes, length), length, seed);
  return outHex();
}

/**
 * MurmurHash3_x86_128 (seed 0) of the `count * 4` bytes that are the little-endian encoding of
 * `words[0, count)`, as 32 hex characters: the hot path for input that is built as words.
 */
export function murmur3x86_128WordsHex(words: Int32Array, count: number): string {
  if (!Number.isSafeInteger(count) || count < 0 || count > words.length) {
    throw new RangeError(`murmur3x86_128WordsHex: count must be an integer in [0, ${words.length}], got ${count}`);
  }
  hashWords(words, count << 2, 0);
  return outHex();
}
