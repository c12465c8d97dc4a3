import { hostname } from 'node:os';
import { nodeName } from '@helios/contracts';
import { ApiFailure, type GatewayContext } from './route';
import { commandReply } from './commands';
import { nodeOfBeat } from '../shared/live';
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
 * The node that runs `<service>/<instance>`: the holder of its instance claim, else the node its
 * latest heartbeat came from (a stopped process's last beat says where it ran); undefined when
 * neither is known.
 */
export function nodeOfInstance(ctx: GatewayContext, service: string, instance: string): string | undefined {
  return nodeOfBeat(ctx.live.beats().find((b) => b.service === service && b.instance === instance));
}

/**
 * The agents to ask about a strategy's runner, in order: the node it last ran on (its laptop in a
 * cluster, where it belongs), then this gateway's own node.
 */
function runnerNodes(ctx: GatewayContext, strategyId: string): string[] {
  const own = ctx.agentNode ?? agentNode();
  const last = nodeOfInstance(ctx, RUNNER, strategyId);
  return last === undefined || last === own ? [own] : [last, own];
}

/**
 * Runs `strategy-runner --strategy <id>`: through a node agent's control channel when one answers
 * (the process is then supervised like the manifest's), first the agent of the node the runner last
 * ran on, then this gateway's own; else, as a fallback, spawned by the gateway itself — said so in
 * `note`. An agent that answers with a refusal is an error, not a fallback.
 */
export async function launchStrategy(ctx: GatewayContext, strategyId: string, timeoutMs = 3_000): Promise<StrategyLaunch> {
  const nodes = runnerNodes(ctx, strategyId);
  const add = { name: RUNNER, instance: strategyId, args: runnerArgs(ctx, strategyId) };
  const silent: string[] = [];
  for (const node of nodes) {
    const reply = await commandReply(ctx, { service: 'node-agent', instance: node, command: 'reconfigure', config: { add } }, timeoutMs);
    if (reply === undefined) {
      silent.push(node);
      continue;
    }
    if (reply['ok'] !== true) throw new ApiFailure(409, `node-agent/${node} refused to start ${RUNNER}/${strategyId}: ${String(reply['error'] ?? 'no reason given')}`);
    const pid = typeof reply['pid'] === 'number' ? reply['pid'] : null;
    const elsewhere = silent.length > 0 ? `; node-agent/${silent.join(', node-agent/')}, where it ran last, did not answer` : '';
    return { by: 'node-agent', pid, note: `started by node-agent/${node} (${String(reply['outcome'])})${elsewhere}; restarted after a crash` };
  }
  const pid = launchStrategyRunner(ctx, strategyId);
  return { by: 'supervisor', pid, note: `no node agent answered on node ${nodes.join(' or ')}: the supervisor started it itself (pid ${pid}); it is NOT restarted after a crash` };
}

/**
 * Asks the node agents of the runner of a removed strategy to forget it (`remove`: no agent restart
 * brings it back): the agent of the node it last ran on, and this gateway's own. Returns what
 * happened, for the reply's note; never throws: the strategy is removed from KV already, and its
 * runner exits 0 on its own either way.
 */
export async function forgetStrategyRunner(ctx: GatewayContext, strategyId: string, timeoutMs = 3_000): Promise<string> {
  const notes: string[] = [];
  for (const node of runnerNodes(ctx, strategyId)) {
    const reply = await commandReply(ctx, { service: 'node-agent', instance: node, command: 'reconfigure', config: { remove: { name: RUNNER, instance: strategyId } } }, timeoutMs);
    if (reply === undefined) notes.push(`no node agent answered on node ${node}: a runner of it elsewhere exits on its own`);
    else if (reply['ok'] === true) notes.push(`node-agent/${node} forgot ${RUNNER}/${strategyId}`);
    else notes.push(`node-agent/${node} kept no runner of it to forget (${String(reply['error'] ?? 'no reason given')})`);
  }
  return notes.join('; ');
}
