import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ensureTopology } from '@helios/nats';
import { measureAckRoundTrip } from './ack-round-trip';
import { startNatsServer, type NatsServerHandle } from '@helios/nats-server';
import { CandleLoad, type WindowResult } from './candle-load';
import { ms3 } from './latency-stats';
import { BENCH_ACCOUNT, benchConfig, startPipeline, writeBenchConfig, type RunningPipeline } from './pipeline-services';
import { benchInstruments } from './zigzag-candles';

export const GOAL_P99_MS = 10;
export const GOAL_P50_OVER_RTT = 8;

export interface PipelineBenchOptions {
  rate: number;
  warmUpMs: number;
  measureMs: number;
  drainMs: number;
  strategies: number;
  instruments: number;
  /** Step the rate up from `rate` until the latency grows during a window of `sustainMs`. */
  findMax: boolean;
  sustainMs: number;
  maxSteps: number;
  /** Progress lines (stderr in the command). */
  progress(line: string): void;
  /** Set by Ctrl-C: the load stops and everything is cleaned up. */
  stopped(): boolean;
}

export interface RateStep {
  rate: number;
  sustained: boolean;
  why: string;
  result: WindowResult;
}

export interface PipelineBenchResult {
  /** Null when the fills of the measured candles did not come back within the drain time. */
  p50Ms: number | null;
  p99Ms: number | null;
  jetstreamAckRttP50Ms: number;
  ratioP50ToRtt: number | null;
  goal: { p99MaxMs: number; p99Met: boolean; ratioMax: number; ratioMet: boolean; met: boolean };
  maxSustainedCandlesPerSec: number | null;
  sustainWindowMs: number | null;
  strategies: number;
  instruments: number;
  window: WindowResult;
  jetstreamAckRttP99Ms: number;
  steps: RateStep[];
}

/** Why a step does not count as sustained, or '' when it does. */
export function notSustained(r: WindowResult): string {
  if (r.publishErrors > 0) return `${r.publishErrors} publish errors`;
  if (r.achievedRate < 0.95 * r.rate) return `publisher reached only ${Math.round(r.achievedRate)}/s`;
  if (r.p50Ms === null) return 'the fills did not come back within the drain time';
  if (r.lagGrew) return `latency grew: median ${ms3(r.firstThirdP50Ms)} -> ${ms3(r.lastThirdP50Ms)} ms`;
  if (r.candlesWithoutFill > 0.01 * r.measuredCandles) return `${r.candlesWithoutFill} of ${r.measuredCandles} candles got no fill in time`;
  return '';
}

/** Tracks what a run has started so that any exit path (error, Ctrl-C, process exit) stops it. */
class Resources {
  server: NatsServerHandle | undefined;
  pipeline: RunningPipeline | undefined;
  nc: NatsConnection | undefined;
  load: CandleLoad | undefined;
  private readonly onExit = () => {
    this.pipeline?.killNow();
    this.server?.killNow();
  };
  constructor() {
    process.once('exit', this.onExit);
  }
  async release(): Promise<void> {
    this.load?.close();
    await this.pipeline?.stop().catch(() => this.pipeline?.killNow());
    await this.nc?.close().catch(() => undefined);
    await this.server?.stop().catch(() => this.server?.killNow());
    process.removeListener('exit', this.onExit);
  }
}

export async function runPipelineBench(o: PipelineBenchOptions): Promise<PipelineBenchResult> {
  const res = new Resources();
  try {
    o.progress('starting nats-server (sync_interval: always, temporary store)');
    res.server = await startNatsServer({ name: 'helios-bench', syncAlways: true });
    res.nc = await connect({ servers: res.server.url });
    await ensureTopology(res.nc, { replicas: 1 });
    o.progress('measuring the raw JetStream publish-ack round trip (1,000 one-at-a-time publishes)');
    const rtt = await measureAckRoundTrip(res.nc);
    const instruments = benchInstruments(o.instruments);
    await writeBenchConfig(res.nc, benchConfig(o.strategies, instruments));
    o.progress(`starting strategy-runner, risk-gate, order-engine, paper-exchange, portfolio (${o.strategies} strategies x ${o.instruments} instruments)`);
    res.pipeline = await startPipeline(res.nc, res.server.url);
    res.load = new CandleLoad(res.nc, instruments, BENCH_ACCOUNT);
    o.progress(`publishing ${o.rate} candles/s: ${o.warmUpMs / 1000} s warm-up, ${o.measureMs / 1000} s measured`);
    const window = await res.load.run({ rate: o.rate, warmUpMs: o.warmUpMs, measureMs: o.measureMs, drainMs: o.drainMs }, o.stopped);
    const steps: RateStep[] = [];
    if (o.findMax) {
      let rate = o.rate;
      for (let i = 0; i < o.maxSteps && !o.stopped(); i++) {
        o.progress(`rate step ${i + 1}: ${rate} candles/s for ${o.sustainMs / 1000} s`);
        const result = await res.load.run({ rate, warmUpMs: 2_000, measureMs: o.sustainMs, drainMs: o.drainMs }, o.stopped);
        const why = notSustained(result);
        steps.push({ rate, sustained: why === '', why, result });
        o.progress(`  p50 ${ms3(result.p50Ms) ?? 'n/a'} ms, p99 ${ms3(result.p99Ms) ?? 'n/a'} ms: ${why === '' ? 'sustained' : `not sustained (${why})`}`);
        if (why !== '') break;
        rate = Math.round(rate * 1.5);
      }
    }
    if (o.stopped()) throw new Error('interrupted');
    const passed = steps.filter((s) => s.sustained);
    const ratio = window.p50Ms === null ? null : window.p50Ms / rtt.p50Ms;
    const p99Met = window.p99Ms !== null && window.p99Ms <= GOAL_P99_MS;
    const ratioMet = ratio !== null && ratio <= GOAL_P50_OVER_RTT;
    return {
      p50Ms: ms3(window.p50Ms),
      p99Ms: ms3(window.p99Ms),
      jetstreamAckRttP50Ms: ms3(rtt.p50Ms),
      ratioP50ToRtt: ratio === null ? null : Math.round(ratio * 100) / 100,
      goal: { p99MaxMs: GOAL_P99_MS, p99Met, ratioMax: GOAL_P50_OVER_RTT, ratioMet, met: p99Met && ratioMet },
      maxSustainedCandlesPerSec: o.findMax ? (passed.at(-1)?.rate ?? 0) : null,
      sustainWindowMs: o.findMax ? o.sustainMs : null,
      strategies: o.strategies,
      instruments: o.instruments,
      window,
      jetstreamAckRttP99Ms: ms3(rtt.p99Ms),
      steps,
    };
  } finally {
    await res.release();
  }
}
