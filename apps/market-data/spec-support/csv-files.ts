// Temporary OHLCV CSV files for the market-data tests.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const T0 = 1_704_067_200_000;
export const MINUTE = 60_000;

export interface CsvBar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** `count` 1-minute bars from T0 with deterministic prices; `skip` lists bar numbers left out (gaps). */
export function minuteBars(count: number, skip: readonly number[] = []): CsvBar[] {
  const bars: CsvBar[] = [];
  for (let i = 0; i < count; i++) {
    if (skip.includes(i)) continue;
    const open = 100 + (i % 17);
    const close = open + ((i * 7) % 5) - 2;
    bars.push({ time: T0 + i * MINUTE, open, high: Math.max(open, close) + 1.5, low: Math.min(open, close) - 1.25, close, volume: 10 + i });
  }
  return bars;
}

export function csvText(bars: readonly CsvBar[]): string {
  return ['ts,open,high,low,close,volume', ...bars.map((b) => `${b.time},${b.open},${b.high},${b.low},${b.close},${b.volume}`)].join('\n') + '\n';
}

export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'helios-md-'));

  write(name: string, text: string): string {
    const file = join(this.path, name);
    writeFileSync(file, text);
    return file;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
