import { Kvm } from '@nats-io/kv';
import { HALT_KEY, haltOfEntry, setHalt } from '@helios/nats';
import { KV_BUCKETS } from '@helios/contracts';
import type { Command } from '../args/command';
import { EXIT_OK, UsageError } from '../args/usage-error';
import { connectOrExplain, NATS_FLAG, natsUrlOf } from './status';

const STATES = ['on', 'off', 'status'] as const;

/**
 * The global kill switch from the command line: the same KV key the supervisor writes. The leading
 * risk gate turns a change into a `risk.halt` event; from then on no order leaves the order engine.
 */
export const haltCommand: Command & { positional: string } = {
  name: 'halt',
  summary: 'switch the global trading halt on or off, or show it',
  usage: 'on|off|status [--reason TEXT] [--by NAME] [--nats URL]',
  positional: 'state',
  flags: [
    { name: 'state', kind: 'string', valueName: 'on|off|status', description: 'what to do (also the first word: helios halt on)', required: true },
    { name: 'reason', kind: 'string', valueName: 'TEXT', description: 'why (shown on the board and in the halt event; required for on)' },
    { name: 'by', kind: 'string', valueName: 'NAME', description: 'who (default $USER or cli)' },
    NATS_FLAG,
  ],
  details: `While halted the risk gate rejects every target and the order engine sends no order, flattening
included. Clearing the halt lets the strategies' next targets through.

Examples:
  helios halt on --reason "exchange maintenance"
  helios halt status
  helios halt off`,
  async run(flags, io) {
    const state = flags['state'] as string;
    if (!(STATES as readonly string[]).includes(state)) throw new UsageError(`helios halt: expected on, off or status, got '${state}'`);
    const reason = flags['reason'] as string | undefined;
    if (state === 'on' && (reason === undefined || reason.trim() === '')) throw new UsageError('helios halt on: --reason is required');
    const by = (flags['by'] as string | undefined) ?? process.env['USER'] ?? 'cli';
    const nc = await connectOrExplain(natsUrlOf(flags));
    try {
      if (state !== 'status') {
        const revision = await setHalt(nc, state === 'on', reason ?? 'cleared from the command line', by);
        io.out(`halt ${state} (helios-config ${HALT_KEY} revision ${revision})\n`);
        return EXIT_OK;
      }
      const entry = await (await new Kvm(nc).open(KV_BUCKETS.config)).get(HALT_KEY);
      const halt = entry === null ? { halted: false, reason: 'never set', by: '-' } : haltOfEntry(entry);
      io.out(halt.halted ? `halted: ${halt.reason} (by ${halt.by})\n` : `not halted (${halt.reason})\n`);
      return EXIT_OK;
    } finally {
      await nc.close();
    }
  },
};
