import { hostname } from 'node:os';

/**
 * The agent's node name, the last token of its command subject. `HELIOS_NODE` when set, else the
 * host name made a subject token: the supervisor computes the same default on the same machine
 * (apps/supervisor/src/gateway/agent-channel.ts), so the two meet without configuration.
 */
export function defaultNodeName(env: NodeJS.ProcessEnv = process.env): string {
  const given = env['HELIOS_NODE'];
  if (given !== undefined && given.length > 0) return given;
  const token = hostname().replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[-_]+/, '').slice(0, 64);
  return token.length > 0 ? token : 'local';
}
