import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';

/** A service run as its own process (`node apps/<name>/bin/<name>.js`), with the tail of its output. */
export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  output(): string;
}

const OUTPUT_KEPT = 20_000;

/** `node apps/<name>/bin/<name>.js ...args` from the workspace root, keeping the tail of its output. */
export function spawnServiceProcess(root: string, name: string, serviceArgs: readonly string[]): ServiceProcess {
  // E.g. HELIOS_BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the services (NODE_OPTIONS refuses --cpu-prof).
  const nodeFlags = (process.env['HELIOS_BENCH_NODE_FLAGS'] ?? '').split(' ').filter((f) => f !== '');
  const args = [...nodeFlags, join(root, 'apps', name, 'bin', `${name}.js`), ...serviceArgs];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-OUTPUT_KEPT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { name, child, output: () => out };
}

export const running = (c: ChildProcess): boolean => c.exitCode === null && c.signalCode === null;

/** `<name> exited (code X)<when>:` and the tail of its output: the error for a process that died. */
export function exitReport(p: ServiceProcess, when = ''): string {
  return `${p.name} exited (code ${p.child.exitCode ?? p.child.signalCode})${when}:\n${p.output().slice(-3000)}`;
}

/** Synchronous SIGKILL of every process still running (process exit, Ctrl-C). */
export function killProcesses(processes: readonly ServiceProcess[]): void {
  for (const p of processes) if (running(p.child)) p.child.kill('SIGKILL');
}

/** SIGTERM to every process still running, SIGKILL to what is left after `graceMs`; resolves when all have exited. */
export async function stopProcesses(processes: readonly ServiceProcess[], graceMs: number): Promise<void> {
  const alive = processes.filter((p) => running(p.child));
  const exits = alive.map((p) => new Promise<void>((resolve) => p.child.once('exit', () => resolve())));
  for (const p of alive) p.child.kill('SIGTERM');
  const timer = setTimeout(() => killProcesses(alive), graceMs);
  await Promise.all(exits);
  clearTimeout(timer);
}

export interface RunningServices {
  readonly processes: readonly ServiceProcess[];
  /** SIGTERM to all, SIGKILL to what is left after `graceMs` (default: the start's `stopGraceMs`); resolves when all have exited. */
  stop(graceMs?: number): Promise<void>;
  /** Synchronous SIGKILL of every process still running (process exit, Ctrl-C). */
  killNow(): void;
  /** The first service that exited, or undefined. */
  dead(): ServiceProcess | undefined;
}

export interface StartServicesOptions {
  root: string;
  /** Heartbeat subject filter of the services started, e.g. `system.heartbeat.*.bench`. */
  heartbeats: string;
  /** One process per entry: the service's name (as its heartbeat's `service`) and its arguments. */
  services: ReadonlyArray<{ name: string; args: readonly string[] }>;
  timeoutMs: number;
  stopGraceMs: number;
}

/**
 * Spawns the services as processes and resolves once each one's heartbeat says it is live. A
 * process that exits first, or a start slower than `timeoutMs`, fails the start (with the process's
 * output) after stopping every process it spawned.
 */
export async function startServices(nc: NatsConnection, o: StartServicesOptions): Promise<RunningServices> {
  const live = new Set<string>();
  const sub = nc.subscribe(o.heartbeats, {
    callback: (err, msg) => {
      if (err) return;
      try {
        const beat = msg.json<{ payload: { service: string; details?: { phase?: string } } }>();
        if (beat.payload.details?.phase === 'live') live.add(beat.payload.service);
      } catch {
        // a heartbeat that is not JSON is the service's problem; it shows in its output
      }
    },
  });
  const processes = o.services.map((s) => spawnServiceProcess(o.root, s.name, s.args));
  const services: RunningServices = {
    processes,
    stop: (graceMs = o.stopGraceMs) => stopProcesses(processes, graceMs),
    killNow: () => killProcesses(processes),
    dead: () => processes.find((p) => !running(p.child)),
  };
  try {
    const deadline = performance.now() + o.timeoutMs;
    for (;;) {
      const gone = services.dead();
      if (gone) throw new Error(exitReport(gone, ' before it was live'));
      const waiting = o.services.map((s) => s.name).filter((n) => !live.has(n));
      if (waiting.length === 0) break;
      if (performance.now() > deadline) throw new Error(`not live after ${o.timeoutMs / 1000} s: ${waiting.join(', ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (err) {
    await services.stop(Math.min(o.stopGraceMs, 2_000));
    throw err;
  } finally {
    sub.unsubscribe();
  }
  return services;
}
