/**
 * Bars in columns: one Float64Array per field, index = bar number. A million bars take 48 MB and no
 * per-bar objects, so loading, slicing and feeding a backtest stay allocation-free.
 */
export interface OhlcvSeries {
  readonly length: number;
  /** Bar open time, ms since epoch, strictly increasing. */
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export const OHLCV_FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** A series of `length` zeroed bars, to be filled in place. */
export function allocateSeries(length: number): OhlcvSeries {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`allocateSeries: length must be an integer >= 0, got ${length}`);
  return {
    length,
    time: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
  };
}

/** The first `length` bars as views on the same memory (no copy). */
export function truncateSeries(series: OhlcvSeries, length: number): OhlcvSeries {
  if (!Number.isSafeInteger(length) || length < 0 || length > series.length) {
    throw new RangeError(`truncateSeries: length must be an integer in 0..${series.length}, got ${length}`);
  }
  return {
    length,
    time: series.time.subarray(0, length),
    open: series.open.subarray(0, length),
    high: series.high.subarray(0, length),
    low: series.low.subarray(0, length),
    close: series.close.subarray(0, length),
    volume: series.volume.subarray(0, length),
  };
}

/**
 * `times` copies of `series` back to back, each copy shifted so that it starts one bar spacing
 * (`stepMs`) after the previous copy ends: time keeps increasing. Prices are not adjusted, so
 * the seams jump; benchmarks use this to make a long series out of a real one.
 */
export function repeatSeries(series: OhlcvSeries, times: number, stepMs: number): OhlcvSeries {
  if (!Number.isSafeInteger(times) || times < 1) throw new RangeError(`repeatSeries: times must be an integer >= 1, got ${times}`);
  if (!(stepMs > 0)) throw new RangeError(`repeatSeries: stepMs must be > 0, got ${stepMs}`);
  const n = series.length;
  const out = allocateSeries(n * times);
  if (n === 0) return out;
  const span = series.time[n - 1] - series.time[0] + stepMs;
  for (let k = 0; k < times; k++) {
    const at = k * n;
    const shift = k * span;
    for (let i = 0; i < n; i++) out.time[at + i] = series.time[i] + shift;
    out.open.set(series.open, at);
    out.high.set(series.high, at);
    out.low.set(series.low, at);
    out.close.set(series.close, at);
    out.volume.set(series.volume, at);
  }
  return out;
}
