import type { NatsConnection } from '@nats-io/nats-core';
import { scoped } from '@helios/contracts';
import { repoRoot } from '../bench/repo-root';
import { startServices, type RunningServices } from '../bench/service-processes';
import { feedScope, REPLAY_STAGES } from './replay-stages';

export const REPLAY_INSTANCE = 'replay';

/**
 * Starts the five pipeline services as processes inside run scope `scope`, each consuming its own
 * feed, and resolves once every scoped heartbeat says `live`.
 */
export function startReplayServices(nc: NatsConnection, natsUrl: string, scope: string, strategyId: string, timeoutMs = 90_000): Promise<RunningServices> {
  const services = REPLAY_STAGES.map(({ service }) => {
    const extra = service === 'strategy-runner' ? ['--strategy', strategyId] : service === 'risk-gate' ? ['--candidate', `replay-${process.pid}`] : [];
    return {
      name: service,
      args: ['--nats', natsUrl, '--instance', REPLAY_INSTANCE, '--http-port', '0', '--log-level', 'warn', '--scope', scope, '--input-scope', feedScope(scope, service), ...extra],
    };
  });
  return startServices(nc, { root: repoRoot(), heartbeats: scoped(scope, 'system.heartbeat.*.' + REPLAY_INSTANCE), services, timeoutMs, stopGraceMs: 10_000 });
}
