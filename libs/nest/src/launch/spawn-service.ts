import { spawn, type ChildProcess } from 'node:child_process';
import { isAbsolute, join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..', '..');
const RUN_TS = join(REPO, 'libs', 'nest', 'bin', 'run-ts.js');
const children = new Set<ChildProcess>();
let exitHookInstalled = false;

export interface SpawnedService {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything the process wrote so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal) once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal (SIGKILL by default) if it still runs, and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface SpawnServiceOptions {
  env?: Record<string, string>;
  /** Kill it with SIGKILL when this process exits (default true: tests must not leave services behind). */
  killOnExit?: boolean;
}

/**
 * Runs a TypeScript entry point of the repository (e.g. `apps/portfolio/src/main.ts`) as its own
 * Node process through tsx, without a build step, capturing its output.
 */
export function spawnService(entry: string, args: readonly string[], opts: SpawnServiceOptions = {}): SpawnedService {
  const child = spawn(process.execPath, [RUN_TS, isAbsolute(entry) ? entry : join(REPO, entry), ...args], {
    cwd: REPO,
    env: { ...process.env, ...(opts.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (opts.killOnExit !== false) {
    children.add(child);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', () => {
        for (const c of children) c.kill('SIGKILL');
      });
    }
  }
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  return {
    child,
    pid: child.pid as number,
    stdout: () => out,
    stderr: () => err,
    exited,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** The JSON log lines (pino) in a service's output, parsed; other lines are skipped. */
export function logLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
