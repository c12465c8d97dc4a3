import { spawn } from 'node:child_process';
import { cpuPerCandle, processCpuMs, sampleCpu } from './process-cpu';

describe('process CPU time from /proc', () => {
  it('grows while a process spins, and is undefined for a process that does not exist', async () => {
    const child = spawn(process.execPath, ['-e', 'const end = Date.now() + 1500; while (Date.now() < end);']);
    try {
      await new Promise((r) => setTimeout(r, 100));
      const before = processCpuMs(child.pid);
      await new Promise((r) => setTimeout(r, 900));
      const after = processCpuMs(child.pid);
      expect(before).toBeDefined();
      // ~900 ms of spinning; on a busy 2-core machine it may get only part of a core.
      expect((after as number) - (before as number)).toBeGreaterThan(100);
    } finally {
      child.kill('SIGKILL');
    }
    expect(processCpuMs(undefined)).toBeUndefined();
    expect(processCpuMs(2 ** 22 + 12345)).toBeUndefined();
  });

  it('divides the difference by the candles, null where a sample is missing', () => {
    expect(cpuPerCandle({ a: 100, b: undefined, c: 5 }, { a: 400, b: 10, c: undefined }, 1000)).toEqual({ a: 0.3, b: null, c: null });
    expect(cpuPerCandle({ a: 1 }, { a: 2 }, 0)).toEqual({ a: null });
    expect(Object.keys(sampleCpu({ self: process.pid, none: undefined }))).toEqual(['self', 'none']);
    expect(sampleCpu({ self: process.pid }).self).toBeGreaterThan(0);
  });
});
