import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const RESULT = resolve(__dirname, 'dist/backtest/synthetic/synthetic-1h.json');

/**
 * The environment of a user's shell: without the NX_* variables of an outer Nx run (this test may
 * itself run under `nx test`, and e.g. its --skip-nx-cache would otherwise leak into the inner run).
 */
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('NX_')));

/** `nx run strategy-sma-cross:backtest` as a user runs it (no daemon, no cloud), with its output. */
function nxBacktest(): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [require.resolve('nx/bin/nx', { paths: [ROOT] }), 'run', 'strategy-sma-cross:backtest', '--outputStyle=static'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' },
    timeout: 60_000,
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

describe('the backtest target of strategy-sma-cross', () => {
  it('runs through Nx, and a second run with nothing changed is served from the cache', () => {
    // The first run computes or restores; either way the result is in the cache afterwards.
    const first = nxBacktest();
    expect({ status: first.status, output: first.status === 0 ? '' : first.output }).toEqual({ status: 0, output: '' });
    const written = readFileSync(RESULT, 'utf8');

    const second = nxBacktest();
    expect(second.status).toBe(0);
    expect(second.output).toMatch(/Nx read the output from the cache instead of running the command for 3 out of 3 tasks/);
    expect(readFileSync(RESULT, 'utf8')).toBe(written);

    const result = JSON.parse(written) as { strategy: { name: string }; bars: number; runHash: string; data: { tf: string } };
    expect(result.strategy.name).toBe('sma-cross');
    expect(result.bars).toBe(20_000);
    expect(result.data.tf).toBe('1h');
    expect(result.runHash).toMatch(/^[0-9a-f]{32}$/);
  }, 60_000);
});
