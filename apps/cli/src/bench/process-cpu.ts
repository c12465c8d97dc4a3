import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU time in these ticks (100 on every mainstream architecture). */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) of a process so far, in ms; undefined when /proc cannot tell (not Linux, exited). */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? ((utime + stime) * 1000) / TICKS_PER_SECOND : undefined;
}

/** CPU ms of each named process, for a before/after difference. */
export type CpuSample = Record<string, number | undefined>;

export function sampleCpu(pids: Record<string, number | undefined>): CpuSample {
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processCpuMs(pid)]));
}

/** CPU ms per candle of each process between two samples (null where either sample is missing). */
export function cpuPerCandle(before: CpuSample, after: CpuSample, candles: number): Record<string, number | null> {
  return Object.fromEntries(
    Object.keys(before).map((name) => {
      const a = before[name];
      const b = after[name];
      return [name, a === undefined || b === undefined || candles === 0 ? null : Math.round(((b - a) / candles) * 1000) / 1000];
    }),
  );
}
