import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LogLine } from '../../shared/live';

const PINO_LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
/** Bytes read back from the end of a log file for the first lines of a view. */
const TAIL_BYTES = 64 * 1024;

/** One line of a service log: pino JSON (level, time, msg) or a plain line (the node agent's own notes). */
export function parseLogLine(text: string, service: string, instance: string, fallbackTs: number): LogLine {
  try {
    const j = JSON.parse(text) as { level?: number | string; time?: number; msg?: string; err?: unknown };
    if (j !== null && typeof j === 'object') {
      const level = typeof j.level === 'number' ? (PINO_LEVELS[j.level] ?? String(j.level)) : (j.level ?? 'info');
      const msg = typeof j.msg === 'string' ? j.msg : text;
      const err = j.err === undefined ? '' : ` ${typeof j.err === 'string' ? j.err : JSON.stringify(j.err)}`;
      return { service, instance, ts: typeof j.time === 'number' ? j.time : fallbackTs, level, msg: (msg + err).slice(0, 2_000) };
    }
  } catch {
    // not JSON: a plain line
  }
  const level = /\berror\b|exited with/i.test(text) ? 'warn' : 'info';
  return { service, instance, ts: fallbackTs, level, msg: text.slice(0, 2_000) };
}

interface FileCursor {
  path: string;
  instance: string;
  offset: number;
  partial: string;
}

/**
 * Follows `<logs>/<service>-<instance>.log` of one service (every instance, files that appear later
 * too) by polling their size: the agent's children write straight into these files (ADR 0011), so
 * reading them is the only way to see what a service printed, NATS down or not.
 */
export class LogTail {
  private readonly files = new Map<string, FileCursor>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logsDir: string,
    readonly service: string,
    private readonly onLine: (line: LogLine) => void,
    private readonly now: () => number,
  ) {}

  /** The last `n` lines over every instance (by time), and starts following from the current ends. */
  start(n: number, pollMs = 500): LogLine[] {
    const initial: LogLine[] = [];
    for (const f of this.discover()) {
      const size = safeSize(f.path);
      const from = Math.max(0, size - TAIL_BYTES);
      const text = readRange(f.path, from, size);
      const lines = text.split('\n');
      if (from > 0) lines.shift(); // cut mid-line
      for (const l of lines) if (l.trim()) initial.push(parseLogLine(l, this.service, f.instance, this.now()));
      f.offset = size;
    }
    this.timer = setInterval(() => this.poll(), pollMs);
    this.timer.unref?.();
    return initial.sort((a, b) => a.ts - b.ts).slice(-n);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private discover(): FileCursor[] {
    let names: string[] = [];
    try {
      names = readdirSync(this.logsDir);
    } catch {
      return [];
    }
    const prefix = `${this.service}-`;
    const found: FileCursor[] = [];
    for (const name of names) {
      if (!name.startsWith(prefix) || !name.endsWith('.log')) continue;
      const path = join(this.logsDir, name);
      let f = this.files.get(path);
      if (!f) {
        f = { path, instance: name.slice(prefix.length, -'.log'.length), offset: 0, partial: '' };
        this.files.set(path, f);
        found.push(f);
      }
    }
    return found;
  }

  private poll(): void {
    this.discover();
    for (const f of this.files.values()) {
      const size = safeSize(f.path);
      if (size < f.offset) f.offset = 0; // truncated or replaced
      if (size === f.offset) continue;
      const text = f.partial + readRange(f.path, f.offset, Math.min(size, f.offset + TAIL_BYTES * 4));
      f.offset = Math.min(size, f.offset + TAIL_BYTES * 4);
      const lines = text.split('\n');
      f.partial = lines.pop() ?? '';
      for (const l of lines) if (l.trim()) this.onLine(parseLogLine(l, this.service, f.instance, this.now()));
    }
  }
}

function safeSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function readRange(path: string, from: number, to: number): string {
  if (to <= from) return '';
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(to - from);
    const n = readSync(fd, buf, 0, buf.length, from);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
