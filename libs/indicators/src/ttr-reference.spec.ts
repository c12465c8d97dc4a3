/**
 * Known values from R's TTR 0.24.3 (Debian r-cran-ttr), files in /work/shared/reference (see its
 * README for each column's convention). Every column of both files is checked:
 *  - warm-up: our value is undefined exactly where the reference cell is empty;
 *  - value: |ours - TTR| <= 1e-9 * max(1, |TTR|) (relative above 1, absolute below, so the many
 *    zero and near-zero cells of macd_hist, pctB and fastK get a meaningful bound).
 */
import { googCase, ttrcCase, type ReferenceCase } from '../spec-support/reference-data';
import { compareColumn, computeTtrColumns, TTR_CALLS, TTR_COLUMNS, type ColumnComparison } from '../spec-support/ttr-columns';

const TOLERANCE = 1e-9;

describe.each([
  ['ttrc_daily.csv', 'ttr_ttrc.csv', ttrcCase, 5550],
  ['goog_daily_2004_2013.csv', 'ttr_goog_daily.csv', googCase, 2148],
])('TTR 0.24.3 reference on %s (reference file %s)', (_data, referenceFile, load, rows) => {
  let reference: ReferenceCase;
  let ours: ReturnType<typeof computeTtrColumns>;
  const report: string[] = [];

  beforeAll(() => {
    reference = load();
    ours = computeTtrColumns(reference.bars);
  });

  afterAll(() => {
    // One line per column: the maximum errors, for the record (numbers also asserted below).
    process.stdout.write(`\nmax error vs TTR 0.24.3, ${referenceFile}:\n${report.join('\n')}\n`);
  });

  it(`has all ${rows} rows and every reference column`, () => {
    expect(reference.bars).toHaveLength(rows);
    expect([...reference.reference.keys()].filter((k) => k !== 'close').sort()).toEqual([...TTR_COLUMNS].sort());
  });

  it.each(TTR_COLUMNS.map((column) => [column, TTR_CALLS[column]]))(
    `${referenceFile} column %s = TTR %s: same warm-up, error <= 1e-9 * max(1, |ref|)`,
    (column) => {
      const expected = reference.reference.get(column) ?? [];
      const result: ColumnComparison = compareColumn(ours[column as keyof typeof ours], expected, TOLERANCE);
      report.push(
        `  ${column.padEnd(12)} rows ${String(result.compared).padStart(5)}  ` +
          `max |d|/max(1,|ref|) ${result.maxScaledError.toExponential(2)}  max |d|/|ref| ${result.maxRelativeError.toExponential(2)}`,
      );
      expect(result.warmupMismatches).toEqual([]);
      expect(result.failures).toEqual([]);
      expect(result.compared).toBeGreaterThan(rows - 40);
      expect(result.maxScaledError).toBeLessThanOrEqual(TOLERANCE);
    },
  );
});
