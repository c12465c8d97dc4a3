import { hostname } from 'node:os';
import { ApiFailure, type GatewayContext } from './route';
import { commandReply } from './commands';
import { launchStrategyRunner } from './strategy-process';

const RUNNER = 'strategy-runner';

/**
 * The node agent this gateway asks to start processes: `HELIOS_NODE`, else the host name as a
 * subject token — the same default as apps/node-agent/src/control/node-name.ts, so the agent
 * tools/up starts on this machine is found without configuration (ADR 0013, "Commands").
 */
export function agentNode(env: NodeJS.ProcessEnv = process.env): string {
  const given = env['HELIOS_NODE'];
  if (given !== undefined && given.length > 0) return given;
  const token = hostname().replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[-_]+/, '').slice(0, 64);
  return token.length > 0 ? token : 'local';
}

export interface StrategyLaunch {
  /** Who runs the process now: the node agent (restarted after a crash) or the gateway itself (not). */
  by: 'node-agent' | 'supervisor';
  pid: number | null;
  note: string;
}

/**
 * Runs `strategy-runner --strategy <id>`: through the node agent's control channel when an agent
 * answers (the process is then supervised like the manifest's), else, as a fallback, spawned by the
 * gateway itself — said so in `note`. An agent that answers with a refusal is an error, not a fallback.
 */
export async function launchStrategy(ctx: GatewayContext, strategyId: string, timeoutMs = 3_000): Promise<StrategyLaunch> {
  const node = ctx.agentNode ?? agentNode();
  const server = ctx.nc.getServer();
  const natsUrl = /^\w+:\/\//.test(server) ? server : `nats://${server}`;
  const args = ['--nats', natsUrl, '--http-port', '0', '--instance', strategyId, '--strategy', strategyId];
  const reply = await commandReply(ctx, { service: 'node-agent', instance: node, command: 'reconfigure', config: { add: { name: RUNNER, instance: strategyId, args } } }, timeoutMs);
  if (reply !== undefined) {
    if (reply['ok'] !== true) throw new ApiFailure(409, `node-agent/${node} refused to start ${RUNNER}/${strategyId}: ${String(reply['error'] ?? 'no reason given')}`);
    const pid = typeof reply['pid'] === 'number' ? reply['pid'] : null;
    return { by: 'node-agent', pid, note: `started by node-agent/${node} (${String(reply['outcome'])}); restarted after a crash` };
  }
  const pid = launchStrategyRunner(ctx, strategyId);
  return { by: 'supervisor', pid, note: `no node agent answered on node ${node}: the supervisor started it itself (pid ${pid}); it is NOT restarted after a crash` };
}
