import type { Command } from '../args/command';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../args/usage-error';
import { runPipelineBench, type PipelineBenchResult } from '../bench/pipeline-bench';
import { ms3 } from '../bench/latency-stats';

const EXIT_INTERRUPTED = 130;
const msOrNa = (x: number | null) => (x === null ? 'n/a' : `${ms3(x)} ms`);

function table(r: PipelineBenchResult): string {
  const w = r.window;
  const rows: Array<[string, string]> = [
    ['strategies x instruments', `${r.strategies} x ${r.instruments}`],
    ['candle rate (asked / achieved)', `${w.rate}/s / ${Math.round(w.achievedRate)}/s`],
    ['candles measured', `${w.measuredCandles} (${w.candlesWithoutFill} without a fill)`],
    ['fills measured', `${w.fills} (all fills while publishing: ${Math.round(w.fillRate)}/s)`],
    ['candle -> fill p50', r.p50Ms === null ? 'n/a: the fills did not come back in time (the pipeline is behind the feed)' : `${r.p50Ms} ms`],
    ['candle -> fill p99', `${msOrNa(r.p99Ms)} (goal <= ${r.goal.p99MaxMs}: ${r.goal.p99Met ? 'met' : 'NOT met'})`],
    ['candle -> fill max', msOrNa(w.maxMs)],
    ['median, first / last third', `${msOrNa(w.firstThirdP50Ms)} / ${msOrNa(w.lastThirdP50Ms)}${w.lagGrew ? ' (GREW)' : ''}`],
    ['JetStream ack round trip p50 / p99', `${r.jetstreamAckRttP50Ms} / ${r.jetstreamAckRttP99Ms} ms`],
    ['p50 / round trip', `${r.ratioP50ToRtt ?? 'n/a'}x (goal <= ${r.goal.ratioMax}x: ${r.goal.ratioMet ? 'met' : 'NOT met'})`],
  ];
  for (const s of r.steps) rows.push([`step ${s.rate}/s`, `p50 ${msOrNa(s.result.p50Ms)}, p99 ${msOrNa(s.result.p99Ms)}: ${s.sustained ? 'sustained' : s.why}`]);
  if (r.maxSustainedCandlesPerSec !== null) rows.push(['max sustained candles/s', `${r.maxSustainedCandlesPerSec} (windows of ${(r.sustainWindowMs ?? 0) / 1000} s)`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}

/** The last line of the output, the one to parse. */
function summary(r: PipelineBenchResult): string {
  const { p50Ms, p99Ms, jetstreamAckRttP50Ms, ratioP50ToRtt, goal, maxSustainedCandlesPerSec, sustainWindowMs, strategies, instruments, jetstreamAckRttP99Ms, window: w } = r;
  return JSON.stringify({
    bench: 'pipeline',
    p50Ms,
    p99Ms,
    jetstreamAckRttP50Ms,
    ratioP50ToRtt,
    goal,
    maxSustainedCandlesPerSec,
    sustainWindowMs,
    strategies,
    instruments,
    rate: w.rate,
    achievedRate: Math.round(w.achievedRate),
    measuredCandles: w.measuredCandles,
    candlesWithoutFill: w.candlesWithoutFill,
    fills: w.fills,
    fillRate: Math.round(w.fillRate),
    maxMs: ms3(w.maxMs),
    lagGrew: w.lagGrew,
    jetstreamAckRttP99Ms,
    steps: r.steps.map((s) => ({ rate: s.rate, sustained: s.sustained, why: s.why, p50Ms: ms3(s.result.p50Ms), p99Ms: ms3(s.result.p99Ms), achievedRate: Math.round(s.result.achievedRate) })),
  });
}

/**
 * `helios bench pipeline`: the real services as processes on a private nats-server, fed candles on a
 * schedule; the latency from a candle's publish to the fills it causes. See docs/adr/0012.
 */
export const benchCommand: Command & { positional: string } = {
  name: 'bench',
  summary: 'measure candle -> fill latency across the real service processes',
  usage: 'pipeline [--json] [--rate N] [--seconds S] [--warm-up S] [--strategies N] [--find-max [--sustain-seconds S]]',
  positional: 'what',
  flags: [
    { name: 'what', kind: 'string', valueName: 'pipeline', description: 'the benchmark to run (also the first word); only pipeline so far', required: true },
    { name: 'json', kind: 'boolean', description: 'print only the JSON summary line' },
    { name: 'rate', kind: 'integer', valueName: 'N', description: 'candles per second over all instruments', default: 1_000, min: 1 },
    { name: 'seconds', kind: 'number', valueName: 'S', description: 'measured window after the warm-up', default: 20, min: 0, minExclusive: true },
    { name: 'warm-up', kind: 'number', valueName: 'S', description: 'published but not measured', default: 5, min: 0 },
    { name: 'strategies', kind: 'integer', valueName: 'N', description: 'sma-cross 2/3 strategies, each on every instrument', default: 1, min: 1 },
    { name: 'instruments', kind: 'integer', valueName: 'N', description: 'instruments taking turns in the feed (a bar of one every N candles)', default: 10, min: 1 },
    { name: 'find-max', kind: 'boolean', description: 'then step the rate up by 1.5x until the latency grows within a window' },
    { name: 'sustain-seconds', kind: 'number', valueName: 'S', description: 'length of each --find-max window (30 s as specified; shorter for a quick look)', default: 30, min: 0, minExclusive: true },
  ],
  details: `Starts its own nats-server (temporary store, fsync on every write), the topology, the strategy-runner,
risk-gate, order-engine, paper-exchange and portfolio processes, and feeds a zig-zag market on which
every strategy flips its target on every bar. A fill at a bar's open names that bar's candle as its
cause: each fill is one sample, received time minus the candle's publish time. Before the services
start, 1,000 one-at-a-time publish-acks on the same server give the raw round trip the goal is
measured against (p99 <= 10 ms, p50 <= 8x the round trip). Everything it started is stopped and the
store removed at the end, on an error and on Ctrl-C. The last line of the output is JSON.

Default run: ~40 s. With --find-max add (sustain-seconds + ~3) s per step, at most 6 steps.`,
  async run(flags, io) {
    if (flags['what'] !== 'pipeline') throw new UsageError(`helios bench: unknown benchmark ${JSON.stringify(flags['what'])}; benchmarks: pipeline`);
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
      const result = await runPipelineBench({
        rate: flags['rate'] as number,
        measureMs: (flags['seconds'] as number) * 1000,
        warmUpMs: (flags['warm-up'] as number) * 1000,
        drainMs: 5_000,
        strategies: flags['strategies'] as number,
        instruments: flags['instruments'] as number,
        findMax: flags['find-max'] === true,
        sustainMs: (flags['sustain-seconds'] as number) * 1000,
        maxSteps: 6,
        progress: (line) => {
          if (!json) io.err(`[bench] ${line}\n`);
        },
        stopped: () => stopped,
      });
      if (!json) io.out(table(result));
      io.out(summary(result) + '\n');
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
