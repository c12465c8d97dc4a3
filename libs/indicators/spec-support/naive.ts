/**
 * Straightforward O(n)-per-point recomputations from the definitions, used as oracles for the
 * indicators that have no TTR reference column. `undefined` during the warm-up.
 */
import type { Bar } from '../src/indicator';

const windowAt = (xs: readonly number[], i: number, n: number): number[] | undefined =>
  i + 1 < n ? undefined : xs.slice(i + 1 - n, i + 1);

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

export const typicalPrice = (bar: Bar): number => (bar.high + bar.low + bar.close) / 3;

export function naiveWma(xs: readonly number[], n: number): (number | undefined)[] {
  return xs.map((_, i) => {
    const w = windowAt(xs, i, n);
    return w && w.reduce((acc, x, k) => acc + (k + 1) * x, 0) / ((n * (n + 1)) / 2);
  });
}

export function naiveStdDev(xs: readonly number[], n: number, sample = false): (number | undefined)[] {
  return xs.map((_, i) => {
    const w = windowAt(xs, i, n);
    if (!w) return undefined;
    const m = mean(w);
    return Math.sqrt(w.reduce((acc, x) => acc + (x - m) ** 2, 0) / (sample ? n - 1 : n));
  });
}

export function naiveZScore(xs: readonly number[], n: number): (number | undefined)[] {
  const sds = naiveStdDev(xs, n);
  return xs.map((x, i) => {
    const w = windowAt(xs, i, n);
    const sd = sds[i];
    return w && sd !== undefined ? (x - mean(w)) / sd : undefined;
  });
}

export function naiveDonchian(bars: readonly Bar[], n: number): ({ upper: number; lower: number } | undefined)[] {
  return bars.map((_, i) => {
    if (i + 1 < n) return undefined;
    const w = bars.slice(i + 1 - n, i + 1);
    return { upper: Math.max(...w.map((b) => b.high)), lower: Math.min(...w.map((b) => b.low)) };
  });
}

export function naiveCci(bars: readonly Bar[], n: number, c = 0.015): (number | undefined)[] {
  const tps = bars.map(typicalPrice);
  return tps.map((tp, i) => {
    const w = windowAt(tps, i, n);
    if (!w) return undefined;
    const m = mean(w);
    return (tp - m) / (c * mean(w.map((x) => Math.abs(x - m))));
  });
}

export function naiveObv(bars: readonly Bar[]): number[] {
  return bars.map((_, i) => {
    let total = 0;
    for (let k = 1; k <= i; k++) {
      if (bars[k].close > bars[k - 1].close) total += bars[k].volume;
      else if (bars[k].close < bars[k - 1].close) total -= bars[k].volume;
    }
    return total;
  });
}

export function naiveVwap(bars: readonly Bar[], n?: number): (number | undefined)[] {
  return bars.map((_, i) => {
    if (n !== undefined && i + 1 < n) return undefined;
    const w = bars.slice(n === undefined ? 0 : i + 1 - n, i + 1);
    const volume = w.reduce((acc, b) => acc + b.volume, 0);
    return w.reduce((acc, b) => acc + typicalPrice(b) * b.volume, 0) / volume;
  });
}

/** max |a - b| / max(1, |b|) over rows where both are defined; throws if warm-ups differ. */
export function maxScaledError(actual: readonly (number | undefined)[], expected: readonly (number | undefined)[]): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  let max = 0;
  actual.forEach((a, i) => {
    const b = expected[i];
    if ((a === undefined) !== (b === undefined)) throw new Error(`warm-up differs at #${i}: ${a} vs ${b}`);
    if (a === undefined || b === undefined) return;
    const e = Math.abs(a - b) / Math.max(1, Math.abs(b));
    if (!(e <= max)) max = Number.isNaN(e) ? Infinity : e;
  });
  return max;
}
