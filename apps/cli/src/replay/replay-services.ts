import type { NatsConnection } from '@nats-io/nats-core';
import { scoped } from '@helios/contracts';
import { repoRoot } from '../bench/repo-root';
import { running, spawnServiceProcess, type ServiceProcess } from '../bench/pipeline-services';
import { feedScope, REPLAY_STAGES } from './replay-stages';

export const REPLAY_INSTANCE = 'replay';

export interface ReplayServices {
  readonly processes: readonly ServiceProcess[];
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once all have exited. */
  stop(graceMs?: number): Promise<void>;
  killNow(): void;
  /** The first service that died, with its output, or undefined. */
  dead(): ServiceProcess | undefined;
}

/**
 * Starts the five pipeline services as processes inside run scope `scope`, each consuming its own
 * feed, and resolves once every scoped heartbeat says `live`.
 */
export async function startReplayServices(nc: NatsConnection, natsUrl: string, scope: string, strategyId: string, timeoutMs = 90_000): Promise<ReplayServices> {
  const root = repoRoot();
  const live = new Set<string>();
  const sub = nc.subscribe(scoped(scope, 'system.heartbeat.*.' + REPLAY_INSTANCE), {
    callback: (err, msg) => {
      if (err) return;
      try {
        const beat = msg.json<{ payload: { service: string; details?: { phase?: string } } }>();
        if (beat.payload.details?.phase === 'live') live.add(beat.payload.service);
      } catch {
        // not a heartbeat we can read: the service's own problem, it shows in its output
      }
    },
  });
  const processes = REPLAY_STAGES.map(({ service }) => {
    const extra = service === 'strategy-runner' ? ['--strategy', strategyId] : service === 'risk-gate' ? ['--candidate', `replay-${process.pid}`] : [];
    return spawnServiceProcess(root, service, [
      '--nats', natsUrl, '--instance', REPLAY_INSTANCE, '--http-port', '0', '--log-level', 'warn',
      '--scope', scope, '--input-scope', feedScope(scope, service), ...extra,
    ]);
  });
  const killNow = () => {
    for (const p of processes) if (running(p.child)) p.child.kill('SIGKILL');
  };
  const stop = async (graceMs = 10_000) => {
    const exits = processes.filter((p) => running(p.child)).map((p) => new Promise<void>((resolve) => p.child.once('exit', () => resolve())));
    for (const p of processes) if (running(p.child)) p.child.kill('SIGTERM');
    const timer = setTimeout(killNow, graceMs);
    await Promise.all(exits);
    clearTimeout(timer);
  };
  const dead = () => processes.find((p) => !running(p.child));
  try {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const gone = dead();
      if (gone) throw new Error(`${gone.name} exited (code ${gone.child.exitCode ?? gone.child.signalCode}) before it was live:\n${gone.output().slice(-3000)}`);
      const waiting = REPLAY_STAGES.map((s) => s.service).filter((n) => !live.has(n));
      if (waiting.length === 0) break;
      if (performance.now() > deadline) throw new Error(`replay services not live after ${timeoutMs / 1000} s: ${waiting.join(', ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (err) {
    await stop(2_000);
    throw err;
  } finally {
    sub.unsubscribe();
  }
  return { processes, stop, killNow, dead };
}
