import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../cli';
import { memoryIo } from '../io';
import { sharedData, tempDir } from '../../spec-support/paths';

const { dir, cleanup } = tempDir('sweep');
afterAll(cleanup);

const BTC = sharedData('btc_perp_ftx_1h.csv');

function readCsv(path: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
}

async function sweep(args: string[]): Promise<{ stdout: string; rows: Array<Record<string, string>> }> {
  const out = join(dir, `sweep-${Math.random().toString(36).slice(2)}.csv`);
  const io = memoryIo();
  const code = await runCli(['sweep', '--data', BTC, '--strategy', 'sma-cross', '--lot-size', '0.001', ...args, '--out', out], io);
  expect(io.stderr).toBe('');
  expect(code).toBe(0);
  return { stdout: io.stdout, rows: readCsv(out) };
}

// Worker threads start slowly on a loaded 2-core machine.
jest.setTimeout(120_000);

describe('helios sweep', () => {
  it('runs the grid on worker threads, skips and counts invalid combinations, ranks by total return', async () => {
    const { stdout, rows } = await sweep(['--grid', 'fast=5..15:5', '--grid', 'slow=10..30:10', '--workers', '2']);
    // fast 10/slow 10 and fast 15/slow 10 break fast < slow.
    expect(stdout).toContain('9 combinations, 2 skipped as invalid, 7 run on 2 workers');
    expect(stdout).toContain('ranked by totalReturnPct, higher is better');
    expect(rows.map((r) => `${r['fast']}/${r['slow']}`).sort()).toEqual(['10/20', '10/30', '15/20', '15/30', '5/10', '5/20', '5/30']);
    const returns = rows.map((r) => Number(r['totalReturnPct']));
    expect(returns).toEqual([...returns].sort((a, b) => b - a));
    expect(rows.map((r) => r['rank'])).toEqual(['1', '2', '3', '4', '5', '6', '7']);

    // The best row is exactly what a single backtest with its parameters gives.
    const best = rows[0];
    const single = join(dir, 'best.json');
    const io = memoryIo();
    const args = ['backtest', '--data', BTC, '--strategy', 'sma-cross', '--lot-size', '0.001', '--param', `fast=${best['fast']}`, '--param', `slow=${best['slow']}`, '--out', single];
    expect(await runCli(args, io)).toBe(0);
    const result = JSON.parse(readFileSync(single, 'utf8')) as { runHash: string; finalEquity: number; totalReturnPct: number; metrics: { tradeCount: number } };
    expect(best['runHash']).toBe(result.runHash);
    expect(Number(best['finalEquity'])).toBe(result.finalEquity);
    expect(Number(best['totalReturnPct'])).toBe(result.totalReturnPct);
    expect(Number(best['trades'])).toBe(result.metrics.tradeCount);
  });

  it('gives the same rows in one thread and on workers, and ranks by another metric on request', async () => {
    const grid = ['--grid', 'fast=4,8', '--grid', 'slow=20..40:10'];
    const one = await sweep([...grid, '--workers', '1', '--rank-by', 'sharpe']);
    const two = await sweep([...grid, '--workers', '2', '--rank-by', 'sharpe']);
    expect(two.rows).toEqual(one.rows);
    const sharpes = one.rows.map((r) => (r['sharpe'] === '' ? -Infinity : Number(r['sharpe'])));
    expect(sharpes).toEqual([...sharpes].sort((a, b) => b - a));
    expect(one.stdout).toContain('ranked by sharpe');
  });

  it('says once, on stderr, why variants traded nothing: the warnings of the first variant, and how many had some', async () => {
    // Lot size 1 (the default): 10,000 of cash buys no whole BTC at ~47,000, so no variant sends an order.
    const out = join(dir, 'unsizable.csv');
    const io = memoryIo();
    expect(await runCli(['sweep', '--data', BTC, '--strategy', 'sma-cross', '--grid', 'fast=5,10', '--grid', 'slow=20,40', '--workers', '1', '--out', out], io)).toBe(0);
    expect(readCsv(out).map((r) => r['trades'])).toEqual(['0', '0', '0', '0']);
    const lines = io.stderr.trim().split('\n');
    expect(lines[0]).toBe('warning: 4 of 4 variants had warnings; the first, fast=5 slow=20:');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[1]).toMatch(/^warning: {3}\d+ x the order engine sent no order \(unsizable\); first: .*buys less than one lot \(1\)/);
    // The same as a single backtest of that variant prints.
    const single = memoryIo();
    expect(await runCli(['backtest', '--data', BTC, '--strategy', 'sma-cross', '--param', 'fast=5', '--param', 'slow=20', '--out', join(dir, 'unsizable.json')], single)).toBe(0);
    expect(lines.slice(1).map((l) => l.replace(/^warning: {3}/, ''))).toEqual(single.stderr.trim().split('\n').map((l) => l.replace(/^warning: /, '')));
  });

  it('refuses a malformed grid and an unknown ranking metric with exit 2', async () => {
    const grid = memoryIo();
    expect(await runCli(['sweep', '--data', BTC, '--strategy', 'sma-cross', '--grid', 'fast=50..5:5'], grid)).toBe(2);
    expect(grid.stderr).toContain('--grid "fast=50..5:5": to (5) is below from (50)');
    const metric = memoryIo();
    expect(await runCli(['sweep', '--data', BTC, '--strategy', 'sma-cross', '--grid', 'fast=5', '--rank-by', 'luck'], metric)).toBe(2);
    expect(metric.stderr).toContain('--rank-by "luck" is not one of totalReturnPct');
  });
});
