import type { OhlcvSeries } from '@helios/domain-market-data';
import type { ColumnGroup } from './indicator-spec';

export interface IndicatorTable {
  columns: string[];
  /** Row-major: rows x columns, NaN where a value is still warming up. */
  values: Float64Array;
  rows: number;
}

/** Runs every column group over the series, one bar at a time, as a live feed would. */
export function computeIndicators(series: OhlcvSeries, groups: readonly ColumnGroup[]): IndicatorTable {
  const columns = groups.flatMap((g) => [...g.columns]);
  const width = columns.length;
  const values = new Float64Array(series.length * width);
  for (let i = 0; i < series.length; i++) {
    // A fresh object per bar: an indicator may keep the last bar it saw.
    const bar = { open: series.open[i], high: series.high[i], low: series.low[i], close: series.close[i], volume: series.volume[i] };
    let at = i * width;
    for (const group of groups) {
      group.update(bar);
      group.write(values, at);
      at += group.columns.length;
    }
  }
  return { columns, values, rows: series.length };
}
