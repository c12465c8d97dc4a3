import { BollingerBands } from './bollinger-bands';
import { RollingStdDev } from './rolling-std-dev';
import { SMA } from './sma';
import { WMA } from './wma';

/** Deterministic pseudo-random series (LCG): 100k values near 1e8, then 100k values near 1. */
function regimeChangeSeries(): number[] {
  let state = 12345;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const series: number[] = [];
  for (let i = 0; i < 100_000; i++) series.push(1e8 + 1e4 * next());
  for (let i = 0; i < 100_000; i++) series.push(1 + 0.01 * next());
  return series;
}

const PERIOD = 50;
const series = regimeChangeSeries();
const checkpoints = Array.from({ length: 90 }, (_, k) => 101_000 + k * 1_097);

function windowStats(i: number): { mean: number; sd: number; wma: number } {
  const w = series.slice(i + 1 - PERIOD, i + 1);
  const mean = w.reduce((a, b) => a + b, 0) / PERIOD;
  const sd = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / PERIOD);
  const wma = w.reduce((a, b, k) => a + (k + 1) * b, 0) / ((PERIOD * (PERIOD + 1)) / 2);
  return { mean, sd, wma };
}

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('numerical drift over 200k updates with a 1e8 -> 1 regime change', () => {
  const sma = new SMA(PERIOD);
  const wma = new WMA(PERIOD);
  const sd = new RollingStdDev(PERIOD);
  const bands = new BollingerBands(PERIOD, 2);
  const observed = new Map<number, { sma: number; wma: number; sd: number; middle: number }>();
  // A plain running sum (add new, subtract old: TTR's runSum) for contrast.
  let plainSum = 0;
  const plainMeans = new Map<number, number>();
  series.forEach((x, i) => {
    sma.update(x);
    wma.update(x);
    sd.update(x);
    bands.update(x);
    plainSum += x - (i >= PERIOD ? series[i - PERIOD] : 0);
    if (checkpoints.includes(i)) {
      observed.set(i, { sma: sma.value ?? NaN, wma: wma.value ?? NaN, sd: sd.value ?? NaN, middle: bands.output.middle });
      plainMeans.set(i, plainSum / PERIOD);
    }
  });

  it('a plain running sum is visibly wrong here (so the bounds below are meaningful)', () => {
    const worst = Math.max(...checkpoints.map((i) => relative(plainMeans.get(i) ?? NaN, windowStats(i).mean)));
    expect(worst).toBeGreaterThan(1e-9);
  });

  it('SMA, WMA and the Bollinger middle stay within 1e-13 relative of a fresh window sum', () => {
    const worst = Math.max(
      ...checkpoints.flatMap((i) => {
        const exact = windowStats(i);
        const got = observed.get(i);
        return got ? [relative(got.sma, exact.mean), relative(got.wma, exact.wma), relative(got.middle, exact.mean)] : [1];
      }),
    );
    expect(worst).toBeLessThanOrEqual(1e-13);
  });

  it('the rolling standard deviation stays within 1e-9 relative of a two-pass computation', () => {
    const worst = Math.max(...checkpoints.map((i) => relative(observed.get(i)?.sd ?? NaN, windowStats(i).sd)));
    expect(worst).toBeLessThanOrEqual(1e-9);
  });
});
