/** Spec-only: runs the real `helios` bin as a child process, the way a user does. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { REPO_ROOT } from './paths';

export interface ChildResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs from source (tsx), so the test checks the code under test and not a stale bundle. */
export function runHeliosChild(args: string[], cwd = REPO_ROOT): ChildResult {
  const result = spawnSync(process.execPath, [resolve(REPO_ROOT, 'apps/cli/bin/helios.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, HELIOS_CLI_FROM_SOURCE: '1' },
    timeout: 120_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
