import { hostname } from 'node:os';
import { nodeName } from '@helios/contracts';
import { ApiFailure, type GatewayContext } from './route';
import { commandReply } from './commands';
import { launchStrategyRunner, RUNNER, runnerArgs } from './strategy-process';

/**
 * The node agent this gateway asks to start processes: `HELIOS_NODE`, else the host name as a
 * subject token — `nodeName`, which the node agent uses too, so the agent
 * tools/up starts on this machine is found without configuration (ADR 0013, "Commands").
 */
export function agentNode(env: NodeJS.ProcessEnv = process.env): string {
  return nodeName(env, hostname());
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
  const add = { name: RUNNER, instance: strategyId, args: runnerArgs(ctx, strategyId) };
  const reply = await commandReply(ctx, { service: 'node-agent', instance: node, command: 'reconfigure', config: { add } }, timeoutMs);
  if (reply !== undefined) {
    if (reply['ok'] !== true) throw new ApiFailure(409, `node-agent/${node} refused to start ${RUNNER}/${strategyId}: ${String(reply['error'] ?? 'no reason given')}`);
    const pid = typeof reply['pid'] === 'number' ? reply['pid'] : null;
    return { by: 'node-agent', pid, note: `started by node-agent/${node} (${String(reply['outcome'])}); restarted after a crash` };
  }
  const pid = launchStrategyRunner(ctx, strategyId);
  return { by: 'supervisor', pid, note: `no node agent answered on node ${node}: the supervisor started it itself (pid ${pid}); it is NOT restarted after a crash` };
}

/**
 * Asks the node agent to forget the runner of a removed strategy (`remove`: no agent restart brings
 * it back). Returns what happened, for the reply's note; never throws: the strategy is removed from
 * KV already, and its runner exits 0 on its own either way.
 */
export async function forgetStrategyRunner(ctx: GatewayContext, strategyId: string, timeoutMs = 3_000): Promise<string> {
  const node = ctx.agentNode ?? agentNode();
  const reply = await commandReply(ctx, { service: 'node-agent', instance: node, command: 'reconfigure', config: { remove: { name: RUNNER, instance: strategyId } } }, timeoutMs);
  if (reply === undefined) return `no node agent answered on node ${node}: a runner of it elsewhere exits on its own`;
  if (reply['ok'] === true) return `node-agent/${node} forgot ${RUNNER}/${strategyId}`;
  return `node-agent/${node} kept no runner of it to forget (${String(reply['error'] ?? 'no reason given')})`;
}
