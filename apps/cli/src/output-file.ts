import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CliIo } from './io';

/** Writes `text` to `file` (creating its folder), or to stdout when `file` is `-`. */
export function writeOutput(file: string, text: string, io: CliIo): void {
  if (file === '-') {
    io.out(text);
    return;
  }
  const path = resolve(io.cwd, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
