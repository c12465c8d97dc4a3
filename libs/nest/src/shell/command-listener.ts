import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import type { Logger } from 'pino';
import { filters, type DecodeFailure } from '@helios/contracts';
import { describeError } from '@helios/nats';
import { parseCommand, type CommandOutcome } from './commands';

export interface CommandHandlers {
  pause(): Promise<void>;
  resume(): Promise<void>;
  reconfigure(config: unknown): Promise<CommandOutcome>;
  stop(): Promise<void>;
  /** A message on the command subjects that is not a valid command for this service. */
  invalid(subject: string, failure: DecodeFailure): Promise<void>;
}

/**
 * Listens on `system.cmd.<service>.<instance>` and `system.cmd.<service>._all` (core NATS: a command
 * is for the instances running now, not for one that starts later). A request gets a JSON reply
 * `{ ok, error? }`.
 */
export function listenForCommands(
  nc: NatsConnection,
  service: string,
  instance: string,
  maxBytes: number,
  handlers: CommandHandlers,
  logger: Logger,
  /** Moves the command subjects into the service's run scope. */
  scopeSubject: (subject: string) => string = (subject) => subject,
): Subscription[] {
  const handle = async (msg: Msg): Promise<void> => {
    const parsed = parseCommand(msg.data, service, maxBytes);
    if (!parsed.ok) {
      await handlers.invalid(msg.subject, parsed.failure);
      if (msg.reply) msg.respond(JSON.stringify({ ok: false, error: `${parsed.failure.reason}: ${parsed.failure.message}` }));
      return;
    }
    const { command, config } = parsed.command;
    logger.info({ command, subject: msg.subject }, 'command');
    let outcome: CommandOutcome = { ok: true };
    if (command === 'pause') await handlers.pause();
    else if (command === 'resume') await handlers.resume();
    else if (command === 'reconfigure') outcome = await handlers.reconfigure(config);
    // Answer a stop before stopping: the connection goes away with it.
    if (msg.reply) msg.respond(JSON.stringify(outcome));
    if (command === 'stop') await handlers.stop();
  };
  return filters.commandsFor(service, instance).map((subject) =>
    nc.subscribe(scopeSubject(subject), {
      callback: (err, msg) => {
        if (err) logger.warn({ err: describeError(err) }, 'command subscription');
        else handle(msg).catch((e: unknown) => logger.error({ err: describeError(e) }, 'command failed'));
      },
    }),
  );
}
