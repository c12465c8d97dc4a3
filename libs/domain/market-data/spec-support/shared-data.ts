/** Spec-only: the shared data sets live next to the repo (`../shared/data`), never copied into it. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const SHARED_DATA = resolve(__dirname, '../../../../../shared/data');

export function readSharedCsv(name: string): string {
  return readFileSync(resolve(SHARED_DATA, name), 'utf8');
}
