import type { OhlcvSeries } from '../ohlcv-series';
import { formatTime, type TimeFormat } from './parse-time';

/**
 * Bars as CSV with the header `ts,open,high,low,close,volume`, numbers in JavaScript's shortest
 * round-trip form, so `parseOhlcvCsv(formatOhlcvCsv(s))` gives back the same doubles.
 */
export function formatOhlcvCsv(series: OhlcvSeries, timeFormat: TimeFormat = 'iso'): string {
  const lines = new Array<string>(series.length + 1);
  lines[0] = 'ts,open,high,low,close,volume';
  for (let i = 0; i < series.length; i++) {
    lines[i + 1] = `${formatTime(series.time[i], timeFormat)},${series.open[i]},${series.high[i]},${series.low[i]},${series.close[i]},${series.volume[i]}`;
  }
  return lines.join('\n') + '\n';
}
