import { NumberSeries } from './number-series';

describe('NumberSeries', () => {
  it('keeps every pushed value in order across growth, and replaces the last one', () => {
    // Enough values to span three chunks.
    const n = 40_000;
    const series = new NumberSeries();
    for (let i = 0; i < n; i++) series.push(i * 1.5);
    series.setLast(-1);
    expect(series.length).toBe(n);
    expect(Array.from(series.toFloat64Array())).toEqual([...Array.from({ length: n - 1 }, (_, i) => i * 1.5), -1]);
    expect(Array.from(new NumberSeries().toFloat64Array())).toEqual([]);
    const empty = new NumberSeries();
    empty.setLast(3);
    expect(empty.length).toBe(0);
  });
});
