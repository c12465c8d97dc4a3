/**
 * MurmurHash3 x64 128-bit (Austin Appleby, public domain algorithm), written with 32-bit halves so it
 * runs without BigInt or node:crypto, in browsers as well as Node. Every 64-bit value is a pair
 * (hi, lo) of 32-bit halves.
 */

// 64-bit helpers as pure functions of 32-bit halves returning one half each. Halves are kept as
// signed int32 (`| 0`), the representation V8 keeps unboxed in registers once it inlines these;
// only the final words are read as unsigned. Speed matters: ids are hashed millions of times.

/** High half of (ah:al * bh:bl) mod 2^64. The low half is Math.imul(al, bl). */
function mulHi(ah: number, al: number, bh: number, bl: number): number {
  const a1 = al >>> 16;
  const a0 = al & 0xffff;
  const b1 = bl >>> 16;
  const b0 = bl & 0xffff;
  const cross1 = a1 * b0;
  const cross2 = a0 * b1;
  const mid = ((a0 * b0) >>> 16) + (cross1 & 0xffff) + (cross2 & 0xffff);
  // High 32 bits of the exact product al * bl; every term stays below 2^53, so the sum is exact.
  const carry = a1 * b1 + (cross1 >>> 16) + (cross2 >>> 16) + (mid >>> 16);
  return (carry + Math.imul(ah, bl) + Math.imul(al, bh)) | 0;
}

function mulLo(al: number, bl: number): number {
  return Math.imul(al, bl);
}

function addHi(ah: number, al: number, bh: number, bl: number): number {
  return (ah + bh + ((al >>> 0) + (bl >>> 0) > 0xffffffff ? 1 : 0)) | 0;
}

function addLo(al: number, bl: number): number {
  return (al + bl) | 0;
}

/** Rotations by 27, 31 and 33 only: 0 < r < 64, r !== 32. */
function rotlHi(h: number, l: number, r: number): number {
  return r < 32 ? (h << r) | (l >>> (32 - r)) : (l << (r - 32)) | (h >>> (64 - r));
}

function rotlLo(h: number, l: number, r: number): number {
  return r < 32 ? (l << r) | (h >>> (32 - r)) : (h << (r - 32)) | (l >>> (64 - r));
}

const C1_HI = 0x87c37b91;
const C1_LO = 0x114253d5;
const C2_HI = 0x4cf5ad43;
const C2_LO = 0x2745937f;
const F1_HI = 0xff51afd7;
const F1_LO = 0xed558ccd;
const F2_HI = 0xc4ceb9fe;
const F2_LO = 0x1a85ec53;

/** The four 32-bit words of the last hash: h1 hi, h1 lo, h2 hi, h2 lo. */
const words = new Uint32Array(4);

function readLE32(bytes: Uint8Array, i: number): number {
  return bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
}

/** fmix64 of h:l into words[at], words[at + 1]: k ^= k >>> 33; k *= F1; k ^= k >>> 33; k *= F2; k ^= k >>> 33. */
function fmix64Into(h: number, l: number, at: number): void {
  l ^= h >>> 1;
  const th = mulHi(h, l, F1_HI, F1_LO);
  let tl = mulLo(l, F1_LO);
  tl ^= th >>> 1;
  const uh = mulHi(th, tl, F2_HI, F2_LO);
  words[at] = uh;
  words[at + 1] = mulLo(tl, F2_LO) ^ (uh >>> 1);
}

/** Hashes bytes[0, length) into `words`. */
function hashWords(bytes: Uint8Array, length: number, seed: number): void {
  let h1h = 0;
  let h1l = seed | 0;
  let h2h = 0;
  let h2l = seed | 0;
  let k1h = 0;
  let k1l = 0;
  let k2h = 0;
  let k2l = 0;
  let th = 0;
  let tl = 0;
  const blocks = length >>> 4;

  for (let b = 0; b < blocks; b++) {
    const i = b << 4;
    k1l = readLE32(bytes, i);
    k1h = readLE32(bytes, i + 4);
    k2l = readLE32(bytes, i + 8);
    k2h = readLE32(bytes, i + 12);

    // k1 *= C1; k1 = rotl(k1, 31); k1 *= C2; h1 ^= k1
    th = mulHi(k1h, k1l, C1_HI, C1_LO);
    tl = mulLo(k1l, C1_LO);
    k1h = rotlHi(th, tl, 31);
    k1l = rotlLo(th, tl, 31);
    th = mulHi(k1h, k1l, C2_HI, C2_LO);
    tl = mulLo(k1l, C2_LO);
    h1h ^= th;
    h1l ^= tl;
    // h1 = rotl(h1, 27); h1 += h2; h1 = h1 * 5 + 0x52dce729
    th = rotlHi(h1h, h1l, 27);
    tl = rotlLo(h1h, h1l, 27);
    h1h = addHi(th, tl, h2h, h2l);
    h1l = addLo(tl, h2l);
    th = mulHi(h1h, h1l, 0, 5);
    tl = mulLo(h1l, 5);
    h1h = addHi(th, tl, 0, 0x52dce729);
    h1l = addLo(tl, 0x52dce729);

    // k2 *= C2; k2 = rotl(k2, 33); k2 *= C1; h2 ^= k2
    th = mulHi(k2h, k2l, C2_HI, C2_LO);
    tl = mulLo(k2l, C2_LO);
    k2h = rotlHi(th, tl, 33);
    k2l = rotlLo(th, tl, 33);
    th = mulHi(k2h, k2l, C1_HI, C1_LO);
    tl = mulLo(k2l, C1_LO);
    h2h ^= th;
    h2l ^= tl;
    // h2 = rotl(h2, 31); h2 += h1; h2 = h2 * 5 + 0x38495ab5
    th = rotlHi(h2h, h2l, 31);
    tl = rotlLo(h2h, h2l, 31);
    h2h = addHi(th, tl, h1h, h1l);
    h2l = addLo(tl, h1l);
    th = mulHi(h2h, h2l, 0, 5);
    tl = mulLo(h2l, 5);
    h2h = addHi(th, tl, 0, 0x38495ab5);
    h2l = addLo(tl, 0x38495ab5);
  }

  // Tail: up to 15 bytes, little-endian into k1 (bytes 0-7) and k2 (bytes 8-14).
  const tail = blocks << 4;
  const rest = length & 15;
  k1h = k1l = k2h = k2l = 0;
  for (let j = rest - 1; j >= 8; j--) {
    const byte = bytes[tail + j];
    if (j >= 12) k2h |= byte << ((j - 12) * 8);
    else k2l |= byte << ((j - 8) * 8);
  }
  if (rest > 8) {
    th = mulHi(k2h, k2l, C2_HI, C2_LO);
    tl = mulLo(k2l, C2_LO);
    k2h = rotlHi(th, tl, 33);
    k2l = rotlLo(th, tl, 33);
    th = mulHi(k2h, k2l, C1_HI, C1_LO);
    tl = mulLo(k2l, C1_LO);
    h2h ^= th;
    h2l ^= tl;
  }
  for (let j = Math.min(rest, 8) - 1; j >= 0; j--) {
    const byte = bytes[tail + j];
    if (j >= 4) k1h |= byte << ((j - 4) * 8);
    else k1l |= byte << (j * 8);
  }
  if (rest > 0) {
    th = mulHi(k1h, k1l, C1_HI, C1_LO);
    tl = mulLo(k1l, C1_LO);
    k1h = rotlHi(th, tl, 31);
    k1l = rotlLo(th, tl, 31);
    th = mulHi(k1h, k1l, C2_HI, C2_LO);
    tl = mulLo(k1l, C2_LO);
    h1h ^= th;
    h1l ^= tl;
  }

  // Finalization; length is below 2^32 here, so it only touches the low words.
  h1l ^= length;
  h2l ^= length;
  th = addHi(h1h, h1l, h2h, h2l);
  h1l = addLo(h1l, h2l);
  h1h = th;
  th = addHi(h2h, h2l, h1h, h1l);
  h2l = addLo(h2l, h1l);
  h2h = th;
  fmix64Into(h1h, h1l, 0);
  fmix64Into(h2h, h2l, 2);
  h1h = words[0];
  h1l = words[1];
  h2h = words[2];
  h2l = words[3];
  th = addHi(h1h, h1l, h2h, h2l);
  h1l = addLo(h1l, h2l);
  h1h = th;
  words[0] = h1h;
  words[1] = h1l;
  words[2] = addHi(h2h, h2l, h1h, h1l);
  words[3] = addLo(h2l, h1l);
}

const HEX_BYTE: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function le32Hex(w: number): string {
  return HEX_BYTE[w & 0xff] + HEX_BYTE[(w >>> 8) & 0xff] + HEX_BYTE[(w >>> 16) & 0xff] + HEX_BYTE[w >>> 24];
}

function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`murmur3x64_128: seed must be an unsigned 32-bit integer, got ${seed}`);
  }
}

/**
 * MurmurHash3_x64_128 of `bytes[0, length)`, as the 16 bytes the reference implementation writes
 * (h1 then h2, each little-endian): the byte order Guava and SMHasher use.
 */
export function murmur3x64_128(bytes: Uint8Array, seed = 0, length = bytes.length): Uint8Array {
  checkSeed(seed);
  hashWords(bytes, length, seed);
  const out = new Uint8Array(16);
  for (let w = 0; w < 4; w++) {
    // words are [h1hi, h1lo, h2hi, h2lo]; output is h1lo, h1hi, h2lo, h2hi, each little-endian.
    const word = words[w ^ 1];
    out[w * 4] = word & 0xff;
    out[w * 4 + 1] = (word >>> 8) & 0xff;
    out[w * 4 + 2] = (word >>> 16) & 0xff;
    out[w * 4 + 3] = word >>> 24;
  }
  return out;
}

/** The same hash as 32 lowercase hex characters, in output byte order. */
export function murmur3x64_128Hex(bytes: Uint8Array, seed = 0, length = bytes.length): string {
  checkSeed(seed);
  hashWords(bytes, length, seed);
  return le32Hex(words[1]) + le32Hex(words[0]) + le32Hex(words[3]) + le32Hex(words[2]);
}
