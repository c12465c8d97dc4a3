import { randomBytes } from 'node:crypto';
import type { Command } from '../args/command';
import { EXIT_OK, UsageError } from '../args/usage-error';
import { backtestOutput } from '../backtest/backtest-output';
import { MARKET_FLAGS, readMarketFlags } from '../backtest/market-flags';
import { readStrategyFlags, STRATEGY_FLAGS } from '../backtest/strategy-flags';
import { loadOhlcvFile, timeframeOf } from '../data-file';
import { recorded, recordTarget } from '../runs/record-run';
import { backtestHeadline } from '@helios/nats';
import { writeOutput } from '../output-file';
import { sendReplayCommand, type ReplayCommand } from '../replay/replay-control';
import { replayPlan } from '../replay/replay-plan';
import { runDistributedReplay } from '../replay/replay-run';
import { withReplayServer } from '../replay/replay-server';
import { connectOrExplain, NATS_FLAG, natsUrlOf } from './status';

const ACTIONS = ['run', 'pause', 'resume', 'seek'] as const;
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

export const replayCommand: Command & { positional: string } = {
  name: 'replay',
  summary: 'run a backtest as a distributed replay through the real services on JetStream, or pause/resume/seek one',
  usage: '--distributed --data FILE --strategy T [backtest flags] --out FILE [--run ID] [--nats URL] | pause|resume --run ID | seek --run ID --to-seq N|--to-time T',
  positional: 'action',
  flags: [
    { name: 'action', kind: 'string', valueName: 'run|pause|resume|seek', default: 'run', description: 'what to do (also the first word: helios replay pause --run ID)' },
    { name: 'distributed', kind: 'boolean', description: 'run the real service processes over JetStream (the only mode; required for a run)' },
    { name: 'data', kind: 'string', valueName: 'FILE', description: 'OHLCV CSV, as for helios backtest' },
    ...STRATEGY_FLAGS.map((f) => ({ ...f, required: false })),
    ...MARKET_FLAGS,
    { name: 'out', kind: 'string', valueName: 'FILE', description: 'result JSON (as helios backtest writes), - for stdout' },
    { name: 'run', kind: 'string', valueName: 'ID', description: 'replay run id: subjects bt.<ID>.*; default a random one (required for pause/resume/seek)' },
    { name: 'to-seq', kind: 'integer', valueName: 'N', min: 0, description: 'seek: the bar to continue from (0 = the first bar of the file)' },
    { name: 'to-time', kind: 'string', valueName: 'T', description: 'seek: continue from the first bar opening at or after T (ISO-8601 UTC or epoch ms)' },
    { ...NATS_FLAG, description: 'NATS server with the Helios topology (tools/up); a run without it starts a private nats-server' },
  ],
  details: `A distributed replay runs strategy-runner, risk-gate, order-engine, paper-exchange and portfolio as
processes inside run scope bt.<ID>. (subjects, consumers, snapshots, configuration keys) and feeds
them the bars one at a time, delivering every event to every service in the order the in-process
backtest does (docs/adr/0016-distributed-replay.md). Same flags, same result JSON, same runHash
and trades as helios backtest; the JSON adds "replay" {runId, scopes, sought, seeks}.

While it runs (another terminal, same --nats):
  helios replay pause --run ID      no further bar is fed until resume
  helios replay resume --run ID
  helios replay seek --run ID --to-seq 500     jump: bars in between are not fed (forward), or the
                                               services restart in a fresh scope bt.<ID>-s<k>. (backward)
A sought run says so ("sought": true); its result covers the bars fed in its last scope.

Examples:
  helios replay --distributed --data ../shared/data/btc_perp_ftx_1h.csv --strategy sma-cross --lot-size 0.001 --out replay.json
  helios replay pause --run r1 --nats nats://127.0.0.1:4222`,
  async run(flags, io) {
    const action = flags['action'] as string;
    if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`helios replay: expected run, pause, resume or seek, got '${action}'`);
    const runId = flags['run'] as string | undefined;
    if (runId !== undefined && !RUN_ID.test(runId)) throw new UsageError(`--run ${JSON.stringify(runId)}: 1-32 letters, digits, - and _, starting with a letter or digit`);
    if (action !== 'run') return control(action as Exclude<(typeof ACTIONS)[number], 'run'>, runId, flags, io);

    for (const name of ['to-seq', 'to-time']) if (flags[name] !== undefined) throw new UsageError(`helios replay: --${name} belongs to seek`);
    if (flags['distributed'] !== true) throw new UsageError('helios replay: only --distributed replays exist; add --distributed (for the in-process run use helios backtest)');
    for (const name of ['data', 'strategy', 'out']) if (flags[name] === undefined) throw new UsageError(`helios replay: --${name} is required`);
    const { source, params } = readStrategyFlags(flags, io.cwd);
    const dataFile = flags['data'] as string;
    const market = readMarketFlags(flags, dataFile);
    const data = loadOhlcvFile(dataFile, io.cwd);
    const tf = timeframeOf(data);
    const plan = replayPlan(data.series, source, params, market, tf);
    const id = runId ?? `r${randomBytes(4).toString('hex')}`;
    let interrupted = false;
    const onSigint = () => (interrupted = true);
    process.once('SIGINT', onSigint);
    try {
      // Recorded like backtests (ADR 0014) on the server named by --nats or HELIOS_NATS_URL; a private
      // replay server is gone afterwards, so without either the run is not recorded.
      const start = { kind: 'replay' as const, runId: id, strategy: source.name, dataFile, params, settings: { ...market, source } };
      const { output, run } = await recorded(
        recordTarget(flags),
        start,
        io,
        async () => {
          const run = await withReplayServer(flags['nats'] as string | undefined, (line) => io.err(`${line}\n`), async (nc, natsUrl) => {
            io.err(`replay ${id} on ${natsUrl}: control it with helios replay pause|resume|seek --run ${id} --nats ${natsUrl}\n`);
            return runDistributedReplay({ nc, natsUrl, runId: id, plan, progress: (line) => io.err(`replay ${id}: ${line}\n`), stopped: () => interrupted });
          });
          const output: Record<string, unknown> = {
            ...backtestOutput({ source, params: plan.params, dataFile, market, tf, result: run.result, loadMs: data.loadMs }),
            replay: { runId: id, distributed: true, scopes: run.scopes, sought: run.seeks.length > 0, seeks: run.seeks },
          };
          return { output, run };
        },
        ({ output }) => ({ result: output, metrics: backtestHeadline(output), params: plan.params }),
      );
      writeOutput(flags['out'] as string, JSON.stringify(output, null, 1) + '\n', io);
      for (const warning of run.result.warnings) io.err(`warning: ${warning}\n`);
      return EXIT_OK;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
};

async function control(action: 'pause' | 'resume' | 'seek', runId: string | undefined, flags: Record<string, unknown>, io: { out(t: string): void }): Promise<number> {
  if (runId === undefined) throw new UsageError(`helios replay ${action}: --run ID is required`);
  let command: ReplayCommand = { cmd: action } as ReplayCommand;
  if (action === 'seek') {
    const seq = flags['to-seq'] as number | undefined;
    const time = flags['to-time'] as string | undefined;
    if ((seq === undefined) === (time === undefined)) throw new UsageError('helios replay seek: give exactly one of --to-seq N and --to-time T');
    command = seq !== undefined ? { cmd: 'seek', toSeq: seq } : { cmd: 'seek', toTime: parseTime(time as string) };
  } else if (flags['to-seq'] !== undefined || flags['to-time'] !== undefined) {
    throw new UsageError(`helios replay ${action}: --to-seq and --to-time belong to seek`);
  }
  const nc = await connectOrExplain(natsUrlOf(flags as never));
  try {
    const status = await sendReplayCommand(nc, runId, command);
    io.out(`replay ${runId}: ${status.state} at bar ${status.position}/${status.bars} (scope bt.${status.scope}.)\n`);
    return EXIT_OK;
  } finally {
    await nc.close();
  }
}

function parseTime(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) || !text.includes('T') ? text : `${text}Z`);
  if (!Number.isFinite(ms)) throw new UsageError(`--to-time: expected an ISO-8601 time (UTC) or epoch milliseconds, got ${JSON.stringify(text)}`);
  return ms;
}
