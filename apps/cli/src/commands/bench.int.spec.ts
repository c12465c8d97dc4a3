import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { memoryIo } from '../io';
import { runCli } from '../cli';

jest.setTimeout(60_000);

const benchDirs = () => new Set(readdirSync(tmpdir()).filter((d) => d.startsWith('helios-nats-helios-bench-')));
/** Command lines of this process's children still running (ps exits 1 when there are none). */
function children(): string[] {
  try {
    return execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).trim().split('\n').filter((l) => l && !l.startsWith('ps '));
  } catch {
    return [];
  }
}

describe('helios bench pipeline (smoke, a few seconds at a low rate)', () => {
  it('runs the five services on its own server, times fills back to their candles, prints one JSON line, and leaves nothing behind', async () => {
    const dirsBefore = benchDirs();
    const io = memoryIo();
    const code = await runCli(['bench', 'pipeline', '--json', '--rate', '50', '--warm-up', '2', '--seconds', '3', '--instruments', '4'], io);
    expect({ code, err: io.stderr }).toEqual({ code: 0, err: '' });
    const lines = io.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]);

    expect(r.bench).toBe('pipeline');
    expect(r.p50Ms).toBeGreaterThan(0);
    expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
    expect(r.maxMs).toBeGreaterThanOrEqual(r.p99Ms);
    expect(r.jetstreamAckRttP50Ms).toBeGreaterThan(0);
    expect(r.jetstreamAckRttP99Ms).toBeGreaterThanOrEqual(r.jetstreamAckRttP50Ms);
    // The ratio is computed before the figures are rounded to 3 decimals for printing: equal within 1%.
    expect(Math.abs(r.ratioP50ToRtt - r.p50Ms / r.jetstreamAckRttP50Ms) / r.ratioP50ToRtt).toBeLessThan(0.01);
    expect(r.goal).toEqual({ p99MaxMs: 10, p99Met: r.p99Ms <= 10, ratioMax: 8, ratioMet: r.ratioP50ToRtt <= 8, met: r.p99Ms <= 10 && r.ratioP50ToRtt <= 8 });
    // 3 s at 50/s: about 150 measured candles, each bar's order filling at the instrument's next bar.
    expect(r.measuredCandles).toBeGreaterThanOrEqual(120);
    expect(r.measuredCandles).toBeLessThanOrEqual(160);
    expect(r.fills).toBeGreaterThan(r.measuredCandles / 2);
    expect(r.maxSustainedCandlesPerSec).toBeNull();
    expect({ strategies: r.strategies, instruments: r.instruments, rate: r.rate }).toEqual({ strategies: 1, instruments: 4, rate: 50 });

    // Its own server's store is gone, and no service process it started is left.
    expect([...benchDirs()].filter((d) => !dirsBefore.has(d))).toEqual([]);
    expect(children().filter((c) => c.includes('nats-server') || c.includes('/bin/'))).toEqual([]);
  });

  it('refuses an unknown benchmark with exit code 2 before starting anything', async () => {
    const io = memoryIo();
    expect(await runCli(['bench', 'disk'], io)).toBe(2);
    expect(io.stderr).toContain('helios bench: unknown benchmark "disk"; benchmarks: pipeline');
  });
});
