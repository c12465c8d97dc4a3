import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { decodeEvent, DLQ_RAW_LIMIT, makeIssue, type DecodeFailure, type HeliosEvent } from '@helios/contracts';
import { isRecord, ManifestError, parseEntry, type ServiceSpec } from '../manifest';

/** The service name of the agent on the command subjects: `system.cmd.node-agent.<node>`. */
export const AGENT_SERVICE = 'node-agent';

/** Services the channel will never start: the agent itself, the UI, the CLI. */
const NOT_CONTROLLABLE = new Set(['node-agent', 'supervisor', 'cli']);

/** Why the channel (and a restarting agent reading agent-added.json) will not start `spec`; undefined if it may. */
export function notStartable(spec: ServiceSpec): { field: 'name' | 'args'; rule: string; detail: string } | undefined {
  if (NOT_CONTROLLABLE.has(spec.name) || !existsSync(spec.entry)) {
    return { field: 'name', rule: 'service', detail: `${JSON.stringify(spec.name)} is not a service this agent can start (${join('apps', spec.name, 'bin', `${spec.name}.js`)})` };
  }
  if (spec.args.length > 64) return { field: 'args', rule: 'maxItems', detail: 'at most 64 arguments' };
  return undefined;
}

/**
 * What the channel can be asked (ADR 0013, "Commands"), carried as a `system.cmd` `reconfigure`
 * whose `config` names one action, so the envelope contract stays the shells' own:
 * - `{ add: { name, instance, args? } }`: run `apps/<name>/bin/<name>.js args` under the restart
 *   policy, recorded in agent-added.json; a known entry that stopped is started again, a running one
 *   is left alone (the Supervisor's `ensure` says which args a known entry keeps).
 * - `{ start: { name, instance } }`: start a known entry that stopped (exit 0) or failed.
 * - `{ remove: { name, instance } }`: stop an added entry and forget it, so no agent restart brings it back.
 */
export type AgentAction = { kind: 'add'; spec: ServiceSpec } | { kind: 'start' | 'remove'; name: string; instance: string };

export type ParsedAgentCommand = { ok: true; action: AgentAction; event: HeliosEvent<'system.cmd'> } | { ok: false; failure: DecodeFailure };

/** Parses one message of the agent's command subject; every refusal names the field. */
export function parseAgentCommand(data: Uint8Array, node: string, root: string): ParsedAgentCommand {
  const decoded = decodeEvent(data);
  if (!decoded.ok) return { ok: false, failure: decoded };
  const text = new TextDecoder().decode(data);
  const refuse = (path: string, rule: string, detail: string): ParsedAgentCommand => {
    const issue = makeIssue(path, rule, detail);
    return { ok: false, failure: { ok: false, reason: 'invalid-payload', message: issue.message, errors: [issue], raw: text.slice(0, DLQ_RAW_LIMIT), rawTruncated: text.length > DLQ_RAW_LIMIT } };
  };
  if (decoded.event.type !== 'system.cmd') return refuse('/type', 'commandType', `the agent's command subject carries system.cmd events, got ${decoded.event.type}`);
  const event = decoded.event as HeliosEvent<'system.cmd'>;
  const { service, instance, command, config } = event.payload;
  if (service !== AGENT_SERVICE) return refuse('/payload/service', 'commandTarget', `command for ${JSON.stringify(service)} sent to ${AGENT_SERVICE}`);
  if (instance !== node) return refuse('/payload/instance', 'commandTarget', `command for node ${JSON.stringify(instance)} sent to node ${JSON.stringify(node)}`);
  if (command !== 'reconfigure' || config === undefined) {
    return refuse('/payload/command', 'agentCommand', `the node agent takes only "reconfigure" with {add}, {start} or {remove} (got "${command}"); stop the agent itself with SIGTERM (tools/down)`);
  }
  const keys = Object.keys(config);
  const kind = keys.length === 1 ? (['add', 'start', 'remove'] as const).find((k) => k === keys[0]) : undefined;
  if (kind === undefined) return refuse('/payload/config', 'agentAction', `expected exactly one of "add", "start" or "remove", got ${JSON.stringify(keys)}`);
  const body = config[kind];
  const at = `/payload/config/${kind}`;
  if (!isRecord(body)) return refuse(at, 'type', 'expected an object');
  const allowed = kind === 'add' ? ['name', 'instance', 'args'] : ['name', 'instance'];
  const extra = Object.keys(body).find((k) => !allowed.includes(k));
  // No entry or env from the wire: the channel starts the repository's own services, nothing else.
  if (extra !== undefined) return refuse(`${at}/${extra}`, 'additionalProperties', `not accepted over the channel (allowed: ${allowed.join(', ')})`);
  let spec: ServiceSpec;
  try {
    spec = parseEntry(body, kind, root);
  } catch (err) {
    if (!(err instanceof ManifestError)) throw err;
    const field = /^\w+\.(\w+)/.exec(err.message)?.[1];
    return refuse(field ? `${at}/${field}` : at, 'manifestEntry', err.message);
  }
  // Removing needs no bin: a service gone from the repository must still be removable.
  if (kind === 'remove') return { ok: true, event, action: { kind, name: spec.name, instance: spec.instance } };
  const refused = notStartable(spec);
  if (refused !== undefined) return refuse(`${at}/${refused.field}`, refused.rule, refused.detail);
  return { ok: true, event, action: kind === 'add' ? { kind, spec } : { kind, name: spec.name, instance: spec.instance } };
}
