import { murmur3x64_128, murmur3x64_128Hex } from './murmur3';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('murmur3x64_128', () => {
  // Published vectors of MurmurHash3_x64_128 (Guava Hashing.murmur3_128, Boost.Hash2, NHasher):
  // output bytes h1 then h2, each little-endian, written as hex.
  const vectors: Array<[string, number, string]> = [
    ['', 0, '00000000000000000000000000000000'],
    ['hello', 0, '029bbd41b3a7d8cb191dae486a901e5b'],
    ['abc', 0, '6778ad3f3f3f96b4522dca264174a23b'],
    ['The quick brown fox jumps over the lazy dog', 0, '6c1b07bc7bbc4be347939ac4a93c437a'],
    ['The quick brown fox jumps over the lazy dog.', 0, 'c902e99e1f4899cde7b68789a3a15d69'],
    ['The quick brown fox jumps over the lazy cog', 0, '9a2685ff70a98c653e5c8ea6eae3fe43'],
    ['', 0x9747b28c, 'b3bbaa1d8a202b397a9502e38f60b093'],
    ['The quick brown fox jumps over the lazy dog', 0x9747b28c, '213163d23b7f8a73e516c07e727345f9'],
    ['The quick brown fox jumps over the lazy cog', 0x9747b28c, '94618270b057cdb83cf873585b456f55'],
    ['THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG', 0x9747b28c, '6c8ad027e39089788ad2cb67789ca4cf'],
    ['the quick brown fox jumps over the lazy dog', 0x9747b28c, 'a8fa6851bd2c21cdf33e80c8968b74d0'],
    ['The quick brown fox jumps over the lazy dog', 0xc58f1a7b, 'ff9d0cd2ee401fac26f5efde525c9338'],
    ['The quick brown fox jumps over the lazy cog', 0xc58f1a7b, '8c935c5b843839f964b24f7ad58bbccd'],
  ];

  it.each(vectors)('given %j with seed %d, when hashed, then it equals the published %s', (input, seed, expected) => {
    expect(murmur3x64_128Hex(utf8(input), seed)).toBe(expected);
    expect(Buffer.from(murmur3x64_128(utf8(input), seed)).toString('hex')).toBe(expected);
  });

  it('passes the SMHasher verification test (0x6384BA69), which covers every tail length and many seeds', () => {
    // Hash keys {}, {0}, {0,1}, ... {0..254} with seed 256 - length, then hash the concatenation.
    const key = new Uint8Array(256);
    const hashes = new Uint8Array(16 * 256);
    for (let i = 0; i < 256; i++) {
      key[i] = i;
      hashes.set(murmur3x64_128(key, 256 - i, i), i * 16);
    }
    const final = murmur3x64_128(hashes, 0);
    const verification = (final[0] | (final[1] << 8) | (final[2] << 16) | (final[3] << 24)) >>> 0;
    expect(verification).toBe(0x6384ba69);
  });

  it('hashes only the first `length` bytes when a length is given', () => {
    const bytes = utf8('hello, world');
    expect(murmur3x64_128Hex(bytes, 0, 5)).toBe('029bbd41b3a7d8cb191dae486a901e5b');
  });

  it('rejects a seed that is not an unsigned 32-bit integer, naming the seed', () => {
    expect(() => murmur3x64_128Hex(utf8('x'), -1)).toThrow('seed must be an unsigned 32-bit integer, got -1');
    expect(() => murmur3x64_128(utf8('x'), 2 ** 32)).toThrow(RangeError);
  });
});
