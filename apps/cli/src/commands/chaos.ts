import type { Command } from '../args/command';
import { EXIT_FAILURE, EXIT_OK } from '../args/usage-error';
import { runChaos, type ChaosResult } from '../chaos/run-chaos';
import { align } from './bench-report';

const EXIT_INTERRUPTED = 130;

function table(r: ChaosResult): string {
  const rows: Array<[string, string]> = [
    ['feed', `${r.feed}: ${r.bars} bars released`],
    ['kills (SIGKILL + restart)', `${r.kills}${r.killLog.length > 0 ? `: ${r.killLog.map((k) => `${k.victim}@bar${k.atBar} ${k.recoveryMs}ms`).join(', ')}` : ''}`],
    ['max recovery', `${r.maxRecoveryMs} ms`],
    ['orders sent / fills', `${r.ordersSent} / ${r.fills} (fills ${r.fillsMatchReference ? 'match' : 'DO NOT match'} the reference run's)`],
    ['duplicate orders / events', `${r.duplicateOrders} / ${r.duplicateEvents}`],
    ['lost events', `${r.lostEvents} ${JSON.stringify(r.lost)}`],
    ['P&L (chaos / reference)', `${r.pnl} / ${r.referencePnl}: ${r.pnlMatches ? 'equal' : 'DIFFERENT'}`],
    ['run hash', r.runHash],
    ['reference run hash', `${r.referenceRunHash}${r.runHash === r.referenceRunHash ? ' (equal)' : ' (different)'}`],
  ];
  return align(rows);
}

function summary(r: ChaosResult): string {
  return JSON.stringify({
    kills: r.kills,
    ordersSent: r.ordersSent,
    duplicateOrders: r.duplicateOrders,
    lostEvents: r.lostEvents,
    pnlMatches: r.pnlMatches,
    runHash: r.runHash,
    referenceRunHash: r.referenceRunHash,
    maxRecoveryMs: r.maxRecoveryMs,
    duplicateEvents: r.duplicateEvents,
    lost: r.lost,
    fills: r.fills,
    fillsMatchReference: r.fillsMatchReference,
    pnl: r.pnl,
    referencePnl: r.referencePnl,
    bars: r.bars,
    seed: r.seed,
    killLog: r.killLog,
  });
}

/** The drill failed its purpose: something was duplicated or lost, or the P&L differs. */
export const drillFailed = (r: ChaosResult): boolean => r.duplicateOrders > 0 || r.duplicateEvents > 0 || r.lostEvents > 0 || !r.pnlMatches || r.undecodable > 0;

/**
 * `helios chaos`: paper trading over the real services with SIGKILLs and restarts, compared with an
 * uninterrupted in-process run of the same candles. See docs/adr/0015-chaos-drill.md.
 */
export const chaosCommand: Command = {
  name: 'chaos',
  summary: 'SIGKILL and restart services during paper trading; compare with an uninterrupted run',
  usage: '--duration S [--json] [--seed N] [--kill-every S] [--nats URL] [--data FILE]',
  flags: [
    { name: 'duration', kind: 'number', valueName: 'S', description: 'seconds of feeding bars (start-up and the final checks come on top)', required: true, min: 0, minExclusive: true },
    { name: 'json', kind: 'boolean', description: 'print only the JSON summary line' },
    { name: 'seed', kind: 'integer', valueName: 'N', description: 'seed of the victims and kill times', default: 1, min: 0, max: 4294967295 },
    { name: 'kill-every', kind: 'number', valueName: 'S', description: 'mean seconds between kills (each 0.5x to 1.5x of it)', default: 5, min: 0, minExclusive: true },
    { name: 'nats', kind: 'string', valueName: 'URL', description: 'run on this server (it must hold no Helios events yet) instead of a private one' },
    { name: 'data', kind: 'string', valueName: 'FILE', description: 'OHLCV CSV to replay (default ../shared/data/btc_perp_ftx_1m.csv, else the seeded synthetic feed)' },
  ],
  details: `Starts a private nats-server (or uses --nats), writes the tools/up demo configuration (sma-cross and
mean-reversion on BTC-PERP 1m), starts every service as a process and replays the feed one bar at a
time: the next bar is released only when every consequence of the previous one is stored and
acknowledged. Meanwhile a seeded schedule SIGKILLs a random service and restarts it at once. After
--duration the drill settles, reads the event log back and runs the same candles through the same
deciders in-process. Exit code 1 when an order or event was duplicated, an event was lost, or the
P&L differs from the uninterrupted run; the last line of the output is JSON.`,
  async run(flags, io) {
    const json = flags['json'] === true;
    let stopped = false;
    const onSignal = () => {
      if (stopped) process.exit(EXIT_INTERRUPTED);
      stopped = true;
      io.err('helios chaos: interrupted, stopping the services (Ctrl-C again to force)\n');
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const result = await runChaos({
        durationMs: (flags['duration'] as number) * 1000,
        seed: flags['seed'] as number,
        killEveryMs: (flags['kill-every'] as number) * 1000,
        natsUrl: flags['nats'] as string | undefined,
        dataFile: flags['data'] as string | undefined,
        progress: (line) => {
          if (!json) io.err(`[chaos] ${line}\n`);
        },
        stopped: () => stopped,
      });
      if (!json) io.out(table(result));
      io.out(summary(result) + '\n');
      return drillFailed(result) ? EXIT_FAILURE : EXIT_OK;
    } catch (err) {
      if (stopped) return EXIT_INTERRUPTED;
      io.err(`helios chaos: ${(err as Error).message}\n`);
      return EXIT_FAILURE;
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
  },
};
