import type { NatsConnection } from '@nats-io/transport-node';
import { createEvent, subjects, type SystemCmdPayload } from '@helios/contracts';

let n = 0;

/**
 * Sends one command to the agent of `node` the way the gateway does and returns the agent's reply.
 * Core request: with the topology declared the SYSTEM stream's PubAck is one reply, the agent's the other.
 */
export async function askAgent(nc: NatsConnection, node: string, config: Record<string, unknown>, command: SystemCmdPayload['command'] = 'reconfigure'): Promise<Record<string, unknown>> {
  const payload: SystemCmdPayload = command === 'reconfigure' ? { service: 'node-agent', instance: node, command, config } : { service: 'node-agent', instance: node, command };
  const event = createEvent('system.cmd', payload, { id: `spec-cmd-${process.pid}-${++n}`, ts: Date.now(), src: 'spec', run: 'live' });
  const replies = await nc.requestMany(subjects.cmd('node-agent', node), JSON.stringify(event), { strategy: 'count', maxMessages: 2, maxWait: 10_000 });
  for await (const m of replies) {
    const body = JSON.parse(m.string()) as Record<string, unknown>;
    if (!('stream' in body)) return body;
  }
  throw new Error('the agent did not answer');
}
