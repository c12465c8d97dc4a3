/**
 * A seeded pseudo-random generator: sfc32 (Chris Doty-Humphrey's small fast counter, PractRand-clean)
 * with its state expanded from a 32-bit seed by splitmix32. Same seed, same sequence, on every
 * platform; never used for anything secret.
 */
export interface Prng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number;
}

export function createPrng(seed: number): Prng {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`createPrng: seed must be an integer in 0..4294967295, got ${seed}`);
  }
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Discard the first outputs: sfc32's authors advise a short warm-up after seeding.
  for (let i = 0; i < 12; i++) next();

  let spare = NaN;
  const normal = (): number => {
    if (spare === spare) {
      const z = spare;
      spare = NaN;
      return z;
    }
    const u = 1 - next(); // (0, 1], so the log is finite
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return { next, normal };
}
