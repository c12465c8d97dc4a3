import { connect, type NatsConnection } from '@nats-io/transport-node';
import { deadLetter, encodeEvent, subjects, type DecodeFailure } from '@helios/contracts';
import { natsConnectTarget } from '@helios/nats';
import type { Supervisor } from '../supervisor';
import { AGENT_SERVICE, parseAgentCommand } from './agent-command';

export interface ControlChannel {
  subject: string;
  close(): Promise<void>;
}

export interface ControlChannelOptions {
  natsUrl: string;
  node: string;
  /** Root of the services' entries (the agent's --cwd). */
  root: string;
  supervisor: Pick<Supervisor, 'ensure' | 'startKnown' | 'remove'>;
  log: (line: string) => void;
}

/** The reply to a command request. */
export type AgentReply = { ok: true; outcome: 'added' | 'started' | 'already-running' | 'removed'; pid: number | null; node: string } | { ok: false; error: string };

/**
 * Listens on `system.cmd.node-agent.<node>` (core NATS request/reply, like the shells' commands):
 * the supervisor's way to have a process started under the agent's restart policy (or removed). A message that
 * is not a valid command is answered `{ ok: false, error }` and dead-lettered on `system.dlq.node-agent`.
 */
export async function openControlChannel(o: ControlChannelOptions): Promise<ControlChannel> {
  const nc: NatsConnection = await connect({ ...natsConnectTarget(o.natsUrl), name: `node-agent-${o.node}`, maxReconnectAttempts: -1, reconnectTimeWait: 500, waitOnFirstConnect: true });
  const subject = subjects.cmd(AGENT_SERVICE, o.node);
  const refuse = (msgSubject: string, failure: DecodeFailure): AgentReply => {
    const letter = deadLetter({ service: AGENT_SERVICE, failure, originalSubject: msgSubject, ts: Date.now() });
    nc.publish(subjects.dlq(AGENT_SERVICE), encodeEvent(letter));
    o.log(`control: refused a command: ${failure.message}`);
    return { ok: false, error: failure.message };
  };
  const sub = nc.subscribe(subject, {
    callback: (err, msg) => {
      if (err) return o.log(`control: subscription error ${err.message}`);
      let reply: AgentReply;
      const parsed = parseAgentCommand(msg.data, o.node, o.root);
      if (!parsed.ok) reply = refuse(msg.subject, parsed.failure);
      else {
        const { action } = parsed;
        const what = `${action.kind} ${action.kind === 'add' ? `${action.spec.name}/${action.spec.instance}` : `${action.name}/${action.instance}`}`;
        try {
          const done = action.kind === 'add' ? o.supervisor.ensure(action.spec) : action.kind === 'start' ? o.supervisor.startKnown(action.name, action.instance) : o.supervisor.remove(action.name, action.instance);
          reply = { ok: true, ...done, node: o.node };
          o.log(`control: ${what} -> ${done.outcome} (pid ${done.pid}) [${parsed.event.id}]`);
        } catch (error) {
          reply = { ok: false, error: (error as Error).message };
          // A refusal the caller may not show (a write of agent-added.json that failed) stays in the agent's log.
          o.log(`control: ${what} -> refused: ${reply.error} [${parsed.event.id}]`);
        }
      }
      if (msg.reply) msg.respond(JSON.stringify(reply));
    },
  });
  await nc.flush();
  return {
    subject,
    close: async () => {
      sub.unsubscribe();
      await nc.drain().catch(() => undefined);
    },
  };
}
