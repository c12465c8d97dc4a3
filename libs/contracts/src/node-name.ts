import { MAX_TOKEN_LENGTH } from './primitives';

/**
 * A node's name, the last token of its node agent's command subject (`system.cmd.node-agent.<node>`):
 * `HELIOS_NODE` when set, else the host name made a subject token, else `local`. The node agent and
 * the supervisor's gateway both call this with the machine's host name, so on one machine they
 * meet without configuration.
 */
export function nodeName(env: NodeJS.ProcessEnv, hostname: string): string {
  const given = env['HELIOS_NODE'];
  if (given !== undefined && given.length > 0) return given;
  const token = hostname.replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[-_]+/, '').slice(0, MAX_TOKEN_LENGTH);
  return token.length > 0 ? token : 'local';
}
