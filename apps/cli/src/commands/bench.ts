import type { Command } from '../args/command';
import type { ParsedFlags } from '../args/flags';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../args/usage-error';
import type { CliIo } from '../io';
import { runPipelineBench, type PipelineBenchOptions } from '../bench/pipeline-bench';
import { runRecoveryBench } from '../bench/recovery-bench';
import { MARKETS, type MarketName } from '../bench/bench-market';
import { pipelineSummary, pipelineTable, recoverySummary, recoveryTable } from './bench-report';

const EXIT_INTERRUPTED = 130;
const BENCHMARKS = ['pipeline', 'recovery'];

/** `--with-strategies 10,50` (or `none`) -> [10, 50]. */
export function parseStrategyCounts(text: string): number[] {
  if (text.trim() === 'none') return [];
  const counts = text.split(',').map((t) => t.trim());
  for (const c of counts) {
    if (!/^[1-9][0-9]*$/.test(c)) throw new UsageError(`helios bench: --with-strategies: expected a comma-separated list of positive integers or "none", got ${JSON.stringify(text)}`);
  }
  return counts.map(Number);
}

type PipelineFlags = Omit<PipelineBenchOptions, 'progress' | 'stopped'>;

function pipelineOptions(flags: ParsedFlags): PipelineFlags {
  const market = flags['market'] as string;
  if (!(MARKETS as readonly string[]).includes(market)) throw new UsageError(`helios bench: --market: expected one of ${MARKETS.join(', ')}, got ${JSON.stringify(market)}`);
  return {
    market: market as MarketName,
    rate: flags['rate'] as number,
    measureMs: (flags['seconds'] as number) * 1000,
    warmUpMs: (flags['warm-up'] as number) * 1000,
    drainMs: 5_000,
    strategies: flags['strategies'] as number,
    instruments: flags['instruments'] as number,
    findMax: flags['find-max'] === true,
    sustainMs: (flags['sustain-seconds'] as number) * 1000,
    maxSteps: 6,
    withStrategies: parseStrategyCounts(flags['with-strategies'] as string),
    strategiesRate: flags['strategies-rate'] as number | undefined,
  };
}

/** `pipeline`: its options, read before anything starts; undefined: the recovery benchmark. */
async function runBench(pipeline: PipelineFlags | undefined, flags: ParsedFlags, io: CliIo, json: boolean, stopped: () => boolean): Promise<void> {
  const progress = (line: string) => {
    if (!json) io.err(`[bench] ${line}\n`);
  };
  if (pipeline !== undefined) {
    const result = await runPipelineBench({ ...pipeline, progress, stopped });
    if (!json) io.out(pipelineTable(result));
    io.out(pipelineSummary(result) + '\n');
    return;
  }
  const result = await runRecoveryBench({
    events: flags['events'] as number,
    tail: flags['tail'] as number,
    instruments: flags['instruments'] as number,
    startTimeoutMs: 600_000,
    progress,
    stopped,
  });
  if (!json) io.out(recoveryTable(result));
  io.out(recoverySummary(result) + '\n');
}

/**
 * `helios bench pipeline|recovery`: the real services as processes on a private nats-server. See
 * docs/adr/0012.
 */
export const benchCommand: Command & { positional: string } = {
  name: 'bench',
  summary: 'measure candle -> fill latency across the real service processes, or a service\'s recovery time',
  usage:
    'pipeline [--json] [--market btc|zigzag] [--rate N] [--seconds S] [--warm-up S] [--strategies N] [--with-strategies LIST] [--strategies-rate N] [--find-max [--sustain-seconds S]]\n' +
    '       helios bench recovery [--json] [--events N] [--tail N]',
  positional: 'what',
  flags: [
    { name: 'what', kind: 'string', valueName: 'pipeline|recovery', description: 'the benchmark to run (also the first word)', required: true },
    { name: 'json', kind: 'boolean', description: 'print only the JSON summary line' },
    {
      name: 'market',
      kind: 'string',
      valueName: 'btc|zigzag',
      description: 'pipeline: btc = BTC 1m bars (../shared/data, else seeded synthetic bars), sma-cross 10/30, a few % of bars trade; zigzag = every bar trades (stress)',
      default: 'btc',
    },
    { name: 'rate', kind: 'integer', valueName: 'N', description: 'pipeline: candles per second over all instruments', default: 1_000, min: 1 },
    { name: 'seconds', kind: 'number', valueName: 'S', description: 'pipeline: measured window after the warm-up', default: 30, min: 0, minExclusive: true },
    { name: 'warm-up', kind: 'number', valueName: 'S', description: 'pipeline: published but not measured, at least S s: the first half ramps up from a tenth of the rate, then it goes on until every service has caught up with the feed (at most 20 s more)', default: 5, min: 0 },
    { name: 'strategies', kind: 'integer', valueName: 'N', description: 'pipeline: sma-cross strategies, each on every instrument, in the main run', default: 1, min: 1 },
    {
      name: 'with-strategies',
      kind: 'string',
      valueName: 'LIST',
      description: 'pipeline: then one more run per count (fresh server and services), e.g. 10,50; "none" for no such run',
      default: '10,50',
    },
    { name: 'strategies-rate', kind: 'integer', valueName: 'N', description: 'pipeline: candles per second of those runs (default: --rate / count, the same writes per second)', min: 1 },
    { name: 'instruments', kind: 'integer', valueName: 'N', description: 'instruments taking turns in the feed (a bar of one every N candles)', default: 10, min: 1 },
    { name: 'find-max', kind: 'boolean', description: 'pipeline: then step the rate up by 1.5x until the latency grows within a window' },
    { name: 'sustain-seconds', kind: 'number', valueName: 'S', description: 'pipeline: length of each --find-max window (30 s as specified; shorter for a quick look)', default: 30, min: 0, minExclusive: true },
    { name: 'events', kind: 'integer', valueName: 'N', description: 'recovery: candles in the stream before the cold start', default: 1_000_000, min: 1 },
    { name: 'tail', kind: 'integer', valueName: 'N', description: 'recovery: candles published after the snapshot, replayed by the second start', default: 1_000, min: 1 },
  ],
  details: `pipeline: starts its own nats-server (temporary store, fsync on every write), the topology, the
strategy-runner, risk-gate, order-engine, paper-exchange and portfolio processes, and feeds candles
at --rate over --instruments instruments. --market btc (default): the BTC 1-minute bars of
../shared/data/btc_perp_ftx_1m.csv (or seeded synthetic bars without it), each instrument from its
own offset, traded by sma-cross 10/30 (more strategies: other fast/slow pairs); a few % of the bars
trade. --market zigzag: every bar flips every sma-cross 2/3 strategy (about 9 fsync'd writes per
candle: a stress test of the disk). A fill at a bar's open names that bar's candle as its cause:
each fill is one sample, received time minus the candle's publish time (the sample count is
printed). The decision latency (candle published -> order.new it caused) is reported too, as
information. Before the services start, 1,000 one-at-a-time publish-acks on the same server give
the raw round trip the goal is measured against (p99 <= 10 ms, p50 <= 8x the round trip), and
5,000 publishes with 256 acks outstanding the disk's fsync'd publish capacity, and 3 s of
publishes at --rate the publish-ack latency at that rate alone, to set against the candles' own
publish-acks under load (both printed). Then, for each
--with-strategies count, the same on a fresh server with that many strategies (p99 <= 10 ms too).
Default run: ~55 s, plus ~50 s per --with-strategies count; with --find-max add (sustain-seconds +
~3) s per step, at most 6 steps.
HELIOS_BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=DIR" passes node flags to the service processes.

recovery: publishes --events candles to MD on its own server, starts the portfolio service cold
(no snapshot: it replays all of them), stops it (it saves a snapshot), publishes --tail more and
starts it again (snapshot + tail); each start is timed from spawning the process to its first
heartbeat that says live with lag 0. 1M events take a few minutes.

Everything a benchmark started is stopped and its store removed at the end, on an error and on
Ctrl-C. The last line of the output is JSON.`,
  async run(flags, io) {
    const what = flags['what'] as string;
    if (!BENCHMARKS.includes(what)) throw new UsageError(`helios bench: unknown benchmark ${JSON.stringify(what)}; benchmarks: ${BENCHMARKS.join(', ')}`);
    // A bad pipeline flag is a usage error before anything starts.
    const pipeline = what === 'pipeline' ? pipelineOptions(flags) : undefined;
    const json = flags['json'] === true;
    let stopped = false;
    const onSignal = () => {
      if (stopped) process.exit(EXIT_INTERRUPTED);
      stopped = true;
      io.err('helios bench: interrupted, stopping the services and the server (Ctrl-C again to force)\n');
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      await runBench(pipeline, flags, io, json, () => stopped);
      return EXIT_OK;
    } catch (err) {
      if (stopped) return EXIT_INTERRUPTED;
      io.err(`helios bench: ${(err as Error).message}\n`);
      return EXIT_FAILURE;
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
  },
};
