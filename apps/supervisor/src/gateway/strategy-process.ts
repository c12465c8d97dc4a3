import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayContext } from './route';

/** `<home>/supervisor-launched.json`: processes the supervisor started, for tools/down to stop. */
export const LAUNCHED_FILE = 'supervisor-launched.json';

export const RUNNER = 'strategy-runner';

interface Launched {
  processes: Array<{ name: string; instance: string; pid: number; startedAt: string }>;
}

/**
 * The flags of a strategy-runner for one strategy (its own instance, `--strategy <id>`), on the
 * gateway's NATS server: the same whether the node agent or the gateway starts it.
 */
export function runnerArgs(ctx: GatewayContext, strategyId: string): string[] {
  const server = ctx.nc.getServer();
  const natsUrl = /^\w+:\/\//.test(server) ? server : `nats://${server}`;
  return ['--nats', natsUrl, '--http-port', '0', '--instance', strategyId, '--strategy', strategyId];
}

/**
 * The fallback of `launchStrategy` (agent-channel.ts) when no node agent answers: starts the
 * strategy-runner itself the way the agent would (same entry, flags and log file) and records its
 * pid for tools/down. It is not restarted after a crash; the next tools/up does not know it (ADR 0013).
 */
export function launchStrategyRunner(ctx: GatewayContext, strategyId: string): number {
  const logs = join(ctx.home, 'logs');
  mkdirSync(logs, { recursive: true });
  const log = join(logs, `${RUNNER}-${strategyId}.log`);
  appendFileSync(log, `[supervisor] ${new Date(ctx.now()).toISOString()} starting ${RUNNER}/${strategyId}\n`);
  const fd = openSync(log, 'a');
  let pid: number | undefined;
  try {
    const child = spawn(process.execPath, [join(ctx.repoRoot, 'apps', RUNNER, 'bin', `${RUNNER}.js`), ...runnerArgs(ctx, strategyId)], {
      cwd: ctx.repoRoot,
      env: { ...process.env, HELIOS_INSTANCE: strategyId },
      stdio: ['ignore', fd, fd],
      detached: true,
    });
    child.unref();
    pid = child.pid;
  } finally {
    closeSync(fd);
  }
  if (pid === undefined) throw new Error(`could not start ${RUNNER} for ${strategyId}`);
  record(ctx.home, { name: RUNNER, instance: strategyId, pid, startedAt: new Date(ctx.now()).toISOString() });
  return pid;
}

function record(home: string, entry: Launched['processes'][number]): void {
  const file = join(home, LAUNCHED_FILE);
  let state: Launched = { processes: [] };
  try {
    state = JSON.parse(readFileSync(file, 'utf8')) as Launched;
  } catch {
    // first launch
  }
  state.processes = state.processes.filter((p) => isAlive(p.pid)).concat(entry);
  writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2) + '\n');
  renameSync(`${file}.tmp`, file);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
