import { murmur3x86_128, murmur3x86_128Hex, murmur3x86_128WordsHex } from './murmur3';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** The reference's output bytes from its four words h1..h4 (each written little-endian). */
const bytesOfWords = (hex: string) =>
  Buffer.concat([0, 8, 16, 24].map((at) => Buffer.from(hex.slice(at, at + 8), 'hex').reverse())).toString('hex');

describe('murmur3x86_128', () => {
  // Published vectors of MurmurHash3_x86_128 (Peter Scott's C port, test.c), printed there as the
  // four words h1 h2 h3 h4 in %08x; the hash's bytes are each word little-endian.
  const vectors: Array<[string, number, string]> = [
    ['Hello, world!', 123, '61c9129e5a1aacd7a41621629e37c886'],
    ['Hello, world!', 321, 'd5fbdcb3c26c4193045880c5a7170f0f'],
    ['xxxxxxxxxxxxxxxxxxxxxxxxxxxx', 123, '5e40bab278825a164cf929d31fec6047'],
    ['', 123, 'fedc524526f3e79926f3e79926f3e799'],
  ];

  it.each(vectors)('given %j with seed %d, when hashed, then its words are the published %s', (input, seed, words) => {
    expect(murmur3x86_128Hex(utf8(input), seed)).toBe(bytesOfWords(words));
    expect(Buffer.from(murmur3x86_128(utf8(input), seed)).toString('hex')).toBe(bytesOfWords(words));
  });

  it('hashes the empty input with seed 0 to zero, as every MurmurHash3 variant does', () => {
    expect(murmur3x86_128Hex(new Uint8Array(0))).toBe('0'.repeat(32));
  });

  it('passes the SMHasher verification test (0xB3ECE62A), which covers every tail length and many seeds', () => {
    // Hash keys {}, {0}, {0,1}, ... {0..254} with seed 256 - length, then hash the concatenation.
    const key = new Uint8Array(256);
    const hashes = new Uint8Array(16 * 256);
    for (let i = 0; i < 256; i++) {
      key[i] = i;
      hashes.set(murmur3x86_128(key, 256 - i, i), i * 16);
    }
    const final = murmur3x86_128(hashes, 0);
    const verification = (final[0] | (final[1] << 8) | (final[2] << 16) | (final[3] << 24)) >>> 0;
    expect(verification).toBe(0xb3ece62a);
  });

  it('hashes only the first `length` bytes when a length is given', () => {
    const bytes = utf8('Hello, world! and more');
    expect(murmur3x86_128Hex(bytes, 123, 13)).toBe(bytesOfWords('61c9129e5a1aacd7a41621629e37c886'));
  });

  it('hashes words as their little-endian bytes (seed 0), every block and tail length', () => {
    for (let count = 0; count <= 12; count++) {
      const words = Int32Array.from({ length: count + 2 }, (_, i) => Math.imul(i + 1, 0x9e3779b1));
      const bytes = new Uint8Array(count * 4);
      for (let i = 0; i < count * 4; i++) bytes[i] = words[i >> 2] >>> ((i & 3) * 8);
      // The words past `count` are not part of the input.
      expect(murmur3x86_128WordsHex(words, count)).toBe(murmur3x86_128Hex(bytes));
    }
  });

  it('rejects a seed that is not an unsigned 32-bit integer and a length out of range, naming them', () => {
    expect(() => murmur3x86_128Hex(utf8('x'), -1)).toThrow('seed must be an unsigned 32-bit integer, got -1');
    expect(() => murmur3x86_128(utf8('x'), 2 ** 32)).toThrow(RangeError);
    expect(() => murmur3x86_128(utf8('x'), 0, 2)).toThrow('murmur3x86_128: length must be an integer in [0, 1], got 2');
    expect(() => murmur3x86_128WordsHex(new Int32Array(2), 3)).toThrow('murmur3x86_128WordsHex: count must be an integer in [0, 2], got 3');
  });
});
