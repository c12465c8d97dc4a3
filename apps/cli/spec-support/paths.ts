/** Spec-only paths: the repo root and the shared data next to it (`../shared`, never copied in). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');
export const SHARED = resolve(REPO_ROOT, '../shared');
export const sharedData = (name: string) => resolve(SHARED, 'data', name);
export const sharedReference = (name: string) => resolve(SHARED, 'reference', name);

/** A temp folder removed by the returned cleanup (call it in afterAll). */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `helios-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
