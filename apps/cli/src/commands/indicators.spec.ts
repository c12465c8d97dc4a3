import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../cli';
import { memoryIo } from '../io';
import { sharedData, sharedReference, tempDir } from '../../spec-support/paths';
import { runHeliosChild } from '../../spec-support/run-cli';

const { dir, cleanup } = tempDir('indicators');
afterAll(cleanup);

function readCsv(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));
}

/** Every cell equal: identical empties, numbers within a relative error of 1e-9. */
function compareTables(actual: string[][], expected: string[][]): string[] {
  const problems: string[] = [];
  expect(actual[0]).toEqual(expected[0]);
  expect(actual.length).toBe(expected.length);
  for (let r = 1; r < expected.length; r++) {
    for (let c = 0; c < expected[0].length; c++) {
      const a = actual[r][c];
      const b = expected[r][c];
      if (c === 0 || a === '' || b === '') {
        if (a !== b) problems.push(`row ${r} ${expected[0][c]}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
        continue;
      }
      const x = Number(a);
      const y = Number(b);
      const relative = y === 0 ? Math.abs(x) : Math.abs(x - y) / Math.abs(y);
      if (!(relative <= 1e-9)) problems.push(`row ${r} ${expected[0][c]}: ${a} vs ${b} (rel err ${relative})`);
    }
  }
  return problems;
}

describe('helios indicators', () => {
  it('matches every cell of the TTR reference on ttrc_daily.csv with the default spec (child process)', () => {
    const out = join(dir, 'ttrc.csv');
    const result = runHeliosChild(['indicators', '--data', sharedData('ttrc_daily.csv'), '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const expected = readCsv(sharedReference('ttr_ttrc.csv'));
    const actual = readCsv(out);
    expect(compareTables(actual, expected)).toEqual([]);
  });

  it('matches every cell of the TTR reference on GOOG daily, ISO times written back as read', async () => {
    const out = join(dir, 'goog.csv');
    const io = memoryIo();
    expect(await runCli(['indicators', '--data', sharedData('goog_daily_2004_2013.csv'), '--out', out], io)).toBe(0);
    const expected = readCsv(sharedReference('ttr_goog_daily.csv'));
    const actual = readCsv(out);
    expect(compareTables(actual, expected)).toEqual([]);
  });

  it('names columns of non-default parameters with a suffix and leaves warm-up cells empty', async () => {
    const data = join(dir, 'tiny.csv');
    writeFileSync(data, 'ts,open,high,low,close,volume\n1,1,2,1,1,10\n2,2,3,2,2,10\n3,3,4,3,3,10\n4,4,5,4,4,10\n');
    const io = memoryIo();
    expect(await runCli(['indicators', '--data', data, '--out', '-', '--spec', 'sma:2,macd:1:2:1,obv'], io)).toBe(0);
    expect(io.stdout).toBe(
      [
        'ts,close,sma2,macd_1_2_1,macd_signal_1_2_1,macd_hist_1_2_1,obv',
        '1,1,,,,,0',
        '2,2,1.5,0.5,0.5,0,10',
        // EMA(2) seeds at 1.5 and then tracks x - 0.5 exactly; EMA(1) is x: macd stays 0.5.
        '3,3,2.5,0.5,0.5,0,20',
        '4,4,3.5,0.5,0.5,0,30',
        '',
      ].join('\n'),
    );
  });

  it('refuses a bad spec with exit 2 and a bad row with exit 1 and its line number', async () => {
    const badSpec = memoryIo();
    expect(await runCli(['indicators', '--data', sharedData('ttrc_daily.csv'), '--out', '-', '--spec', 'sma:20,foo:3'], badSpec)).toBe(2);
    expect(badSpec.stderr).toContain('--spec item 2 "foo:3": unknown indicator "foo"');
    const zero = memoryIo();
    expect(await runCli(['indicators', '--data', sharedData('ttrc_daily.csv'), '--out', '-', '--spec', 'sma:0'], zero)).toBe(2);
    expect(zero.stderr).toContain('--spec item 1 "sma:0": period must be a whole number > 0, got "0"');
    const data = join(dir, 'bad.csv');
    writeFileSync(data, 'ts,open,high,low,close,volume\n2022-01-01,10,11,10,10,1\n2022-01-02,10,9.5,10,10,1\n');
    const badRow = memoryIo();
    expect(await runCli(['indicators', '--data', data, '--out', '-'], badRow)).toBe(1);
    expect(badRow.stderr).toBe(`helios indicators: ${data}: line 3: high 9.5 is below low 10\n`);
  });
});
