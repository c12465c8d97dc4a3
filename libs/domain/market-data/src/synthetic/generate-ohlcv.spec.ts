import { formatOhlcvCsv } from '../csv/format-ohlcv-csv';
import { parseOhlcvCsv } from '../csv/parse-ohlcv-csv';
import { generateSyntheticOhlcv } from './generate-ohlcv';
import { createPrng } from './prng';

const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

describe('createPrng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const c = createPrng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('draws uniforms in [0, 1) with mean 1/2 and normals with mean 0 and variance 1', () => {
    const rng = createPrng(1);
    const n = 200_000;
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      sum += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s1 += z;
      s2 += z * z;
    }
    expect(Math.abs(s1 / n)).toBeLessThan(0.01);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
  });

  it('refuses a seed that is not a 32-bit unsigned integer', () => {
    expect(() => createPrng(-1)).toThrow('createPrng: seed must be an integer in 0..4294967295, got -1');
    expect(() => createPrng(1.5)).toThrow('got 1.5');
  });
});

describe('generateSyntheticOhlcv', () => {
  const options = { seed: 42, bars: 5_000, startTime: T0, timeframeMs: HOUR };

  it('is deterministic: the same options give the same bars, another seed different bars', () => {
    const a = generateSyntheticOhlcv(options);
    const b = generateSyntheticOhlcv(options);
    const c = generateSyntheticOhlcv({ ...options, seed: 43 });
    expect(formatOhlcvCsv(a)).toBe(formatOhlcvCsv(b));
    expect([...a.close]).not.toEqual([...c.close]);
  });

  it('produces valid, evenly spaced bars that open at the previous close and survive a CSV round trip', () => {
    const s = generateSyntheticOhlcv(options);
    expect(s.length).toBe(5_000);
    for (let i = 0; i < s.length; i++) {
      expect(s.time[i]).toBe(T0 + i * HOUR);
      const ok = s.low[i] > 0 && s.low[i] <= Math.min(s.open[i], s.close[i]) && s.high[i] >= Math.max(s.open[i], s.close[i]) && s.volume[i] >= 0;
      if (!ok) throw new Error(`bar ${i} is not a valid OHLCV bar`);
      if (i > 0) expect(s.open[i]).toBe(s.close[i - 1]);
      expect(Math.round(s.close[i] * 100) / 100).toBe(s.close[i]);
    }
    const back = parseOhlcvCsv(formatOhlcvCsv(s)).series;
    expect([...back.close]).toEqual([...s.close]);
    expect([...back.time]).toEqual([...s.time]);
  });

  it('moves: trends and reversals give crossings of a fast and a slow average, and jumps happen', () => {
    const s = generateSyntheticOhlcv({ ...options, bars: 20_000 });
    let crossings = 0;
    let previousSign = 0;
    const fast = 10;
    const slow = 30;
    for (let i = slow; i < s.length; i++) {
      let f = 0;
      let sl = 0;
      for (let k = 0; k < slow; k++) {
        if (k < fast) f += s.close[i - k];
        sl += s.close[i - k];
      }
      const sign = Math.sign(f / fast - sl / slow);
      if (sign !== 0 && previousSign !== 0 && sign !== previousSign) crossings++;
      if (sign !== 0) previousSign = sign;
    }
    expect(crossings).toBeGreaterThan(100);
    let bigMoves = 0;
    for (let i = 1; i < s.length; i++) if (Math.abs(Math.log(s.close[i] / s.close[i - 1])) > 0.05) bigMoves++;
    expect(bigMoves).toBeGreaterThan(5);
  });

  it('refuses bad options, naming the option', () => {
    expect(() => generateSyntheticOhlcv({ ...options, bars: -1 })).toThrow('generateSyntheticOhlcv: bars must be an integer >= 0, got -1');
    expect(() => generateSyntheticOhlcv({ ...options, volatility: 0 })).toThrow('generateSyntheticOhlcv: volatility must be a finite number > 0, got 0');
    expect(() => generateSyntheticOhlcv({ ...options, jumpProbability: 2 })).toThrow('generateSyntheticOhlcv: jumpProbability must be in [0, 1], got 2');
  });
});
