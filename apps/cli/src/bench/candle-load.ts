import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { encodeEvent, subjects } from '@helios/contracts';
import { lagGrew, percentile } from './latency-stats';
import { zigzagCandle } from './zigzag-candles';

export interface LoadWindow {
  /** Candles per second, over all instruments. */
  rate: number;
  /** Published but not measured: strategies warm up, JIT compiles, consumers settle. */
  warmUpMs: number;
  measureMs: number;
  /** After the last candle: how long to wait for the fills of the measured candles. */
  drainMs: number;
}

export interface WindowResult {
  rate: number;
  /** Candles published in the whole window, and the rate that came out (the schedule can slip). */
  published: number;
  achievedRate: number;
  /** Candles published during the measurement part, and those of them no fill named as cause. */
  measuredCandles: number;
  candlesWithoutFill: number;
  /** One sample per fill of a measured candle: fill received minus candle published. */
  fills: number;
  /** Fills of any candle received while publishing: the pipeline's throughput, in fills per second. */
  fillRate: number;
  /** Null when fewer than 3 fills of measured candles came back within the drain time. */
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  /** Median latency of the first and the last third of the measured candles (by publish time). */
  firstThirdP50Ms: number | null;
  lastThirdP50Ms: number | null;
  lagGrew: boolean;
  publishErrors: number;
  maxPublishesInFlight: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Publishes the zig-zag feed to JetStream on a schedule and times every `order.fill` back to the
 * candle it names as `cause`. The candle counter runs on across windows, so event time only moves
 * forward and the services see one continuous market.
 */
export class CandleLoad {
  private n = 0;
  private readonly js: JetStreamClient;
  private readonly sub: Subscription;
  /** Candle id -> publish time, for the candles of the current window. */
  private sentAt = new Map<string, number>();
  private measuring = new Set<string>();
  private samples: Array<{ sent: number; latency: number; cause: string }> = [];
  private seenFills = new Set<string>();
  private anyFills = 0;

  constructor(
    nc: NatsConnection,
    private readonly instruments: readonly string[],
    account: string,
  ) {
    this.js = jetstream(nc);
    this.sub = nc.subscribe(subjects.order('fill', account), {
      callback: (err, msg) => {
        const at = performance.now();
        if (err) return;
        const { id, cause } = msg.json<{ id: string; cause?: string }>();
        this.anyFills++;
        // A service that restarts re-publishes with the same id: JetStream drops it, but core subscribers see it.
        if (cause === undefined || !this.measuring.has(cause) || this.seenFills.has(id)) return;
        this.seenFills.add(id);
        const sent = this.sentAt.get(cause) as number;
        this.samples.push({ sent, latency: at - sent, cause });
      },
    });
  }

  close(): void {
    this.sub.unsubscribe();
  }

  async run(w: LoadWindow, stopped: () => boolean = () => false): Promise<WindowResult> {
    this.sentAt = new Map();
    this.measuring = new Set();
    this.samples = [];
    this.seenFills = new Set();
    let inFlight = 0;
    let maxInFlight = 0;
    let errors = 0;
    let firstError: unknown;
    const t0 = performance.now();
    const fillsBefore = this.anyFills;
    const measureFrom = t0 + w.warmUpMs;
    const end = measureFrom + w.measureMs;
    let published = 0;
    for (let now = t0; now < end && !stopped(); now = performance.now()) {
      const due = Math.floor(((now - t0) * w.rate) / 1000);
      while (published < due) {
        const { subject, event } = zigzagCandle(this.instruments, this.n++);
        const sent = performance.now();
        this.sentAt.set(event.id, sent);
        if (sent >= measureFrom) this.measuring.add(event.id);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        this.js.publish(subject, encodeEvent(event), { msgID: event.id }).then(
          () => inFlight--,
          (e: unknown) => {
            inFlight--;
            errors++;
            firstError ??= e;
          },
        );
        published++;
      }
      await sleep(1);
    }
    const publishedFor = performance.now() - t0;
    const fillRate = ((this.anyFills - fillsBefore) * 1000) / publishedFor;
    const drainUntil = performance.now() + w.drainMs;
    const caused = () => new Set(this.samples.map((s) => s.cause)).size;
    while (!stopped() && performance.now() < drainUntil && (inFlight > 0 || caused() < this.measuring.size)) await sleep(20);
    if (errors > 0 && errors === published) throw new Error(`every candle publish failed: ${(firstError as Error)?.message ?? String(firstError)}`);
    const base = {
      rate: w.rate,
      published,
      achievedRate: (published * 1000) / publishedFor,
      measuredCandles: this.measuring.size,
      candlesWithoutFill: this.measuring.size - caused(),
      fills: this.samples.length,
      fillRate,
      publishErrors: errors,
      maxPublishesInFlight: maxInFlight,
    };
    // Too few fills back is a result, not an error: the pipeline is that far behind the feed.
    if (this.samples.length < 3) return { ...base, p50Ms: null, p99Ms: null, maxMs: null, firstThirdP50Ms: null, lastThirdP50Ms: null, lagGrew: true };
    const latencies = this.samples.map((s) => s.latency);
    const lag = lagGrew([...this.samples].sort((a, b) => a.sent - b.sent).map((s) => s.latency));
    return {
      ...base,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: Math.max(...latencies),
      firstThirdP50Ms: lag.firstP50,
      lastThirdP50Ms: lag.lastP50,
      lagGrew: lag.grew,
    };
  }
}
