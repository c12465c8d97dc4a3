import type { OhlcvSeries } from '@helios/domain-market-data';

const FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** The six columns in one SharedArrayBuffer: every worker reads the same memory, nothing is copied per worker. */
export interface SharedSeries {
  buffer: SharedArrayBuffer;
  length: number;
}

export function shareSeries(series: OhlcvSeries): SharedSeries {
  const n = series.length;
  const buffer = new SharedArrayBuffer(n * FIELDS.length * Float64Array.BYTES_PER_ELEMENT);
  FIELDS.forEach((field, k) => new Float64Array(buffer, k * n * 8, n).set(series[field]));
  return { buffer, length: n };
}

export function seriesFromShared(shared: SharedSeries): OhlcvSeries {
  const n = shared.length;
  const column = (k: number) => new Float64Array(shared.buffer, k * n * 8, n);
  return { length: n, time: column(0), open: column(1), high: column(2), low: column(3), close: column(4), volume: column(5) };
}
