import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { PubAckMux } from '@helios/nats';
import { encodeEvent, filters, subjects } from '@helios/contracts';
import { lagGrew, percentile } from './latency-stats';
import type { BenchCandle } from './zigzag-candles';
import { cpuPerCandle, type CpuSample } from './process-cpu';

export interface LoadWindow {
  /** Candles per second, over all instruments. */
  rate: number;
  /** Published but not measured: strategies warm up, JIT compiles, consumers settle. */
  warmUpMs: number;
  /**
   * The first part of the warm-up raises the rate linearly from a tenth of `rate` to `rate` (0: at
   * `rate` from the start). Freshly started services run their first seconds cold (interpreted code,
   * lazy compilation) and at full rate build a backlog that the measured window would then time.
   */
  rampMs?: number;
  /**
   * Measuring starts only when the services have caught up with the feed: `behind` (polled every
   * 250 ms once the warm-up time is over) names those that have not, and measuring starts when it
   * names none, or `maxExtraMs` after the warm-up, whichever comes first.
   */
  caughtUp?: { behind: () => Promise<string[]>; maxExtraMs: number };
  measureMs: number;
  /** After the last candle: how long to wait for the fills of the measured candles. */
  drainMs: number;
  /** CPU time of the processes to compare over the measured part (e.g. the services and the server). */
  sampleCpu?: () => CpuSample;
}

export interface WindowResult {
  rate: number;
  /** Candles published in the whole window; the rate that came out over the measured part (the schedule can slip). */
  published: number;
  achievedRate: number;
  /**
   * The warm-up as it went: its length (longer than asked when the services had not caught up),
   * whether they had when measuring started (null: not checked; `behind`: those that had not), and
   * the latency of its candles' fills (null with fewer than 3), so that a cold start stays visible.
   */
  warmUp: { ms: number; caughtUp: boolean | null; behind: string[]; fillP50Ms: number | null; fillMaxMs: number | null };
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
  /**
   * Decision latency (information, not a goal): one sample per `order.new` whose correlation is a
   * measured candle, received minus that candle's publish call. Null with fewer than 3 samples.
   */
  orders: number;
  /**
   * Of those orders: filled later than the instrument's next bar (it was not at the exchange when
   * that bar came), and not filled at all by the end of the drain (orders decided on an instrument's
   * last published bar are left out: no bar follows to fill them).
   */
  ordersLate: number;
  ordersWithoutFill: number;
  /** Orders decided on an instrument's last published bar: no bar follows to fill them, so they have no sample. */
  ordersWithoutNextBar: number;
  decisionP50Ms: number | null;
  decisionP99Ms: number | null;
  /** The measured candles' own publish -> PubAck (stored, fsync'd) while the pipeline runs; null with fewer than 3. */
  candleAckP50Ms: number | null;
  candleAckP99Ms: number | null;
  /**
   * The decision's hops (information): candle published -> first `strategy.intent` and first
   * `risk.approved` carrying its id as `corr`, p50 / p99; null with fewer than 3 samples.
   */
  hops: { intentP50Ms: number | null; intentP99Ms: number | null; approvalP50Ms: number | null; approvalP99Ms: number | null };
  publishErrors: number;
  maxPublishesInFlight: number;
  /** CPU ms per measured candle of each sampled process, over the measured part (null: not measurable here). */
  cpuMsPerCandle: Record<string, number | null>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Candles due `t` ms into a window at `rate` per second whose first `rampMs` rise linearly from a
 * tenth of the rate to the rate (the integral of that rate over [0, t]).
 */
export function dueBy(t: number, rate: number, rampMs: number): number {
  const perMs = rate / 1000;
  if (t <= 0) return 0;
  if (rampMs <= 0) return perMs * t;
  if (t < rampMs) return perMs * (0.1 * t + (0.9 * t * t) / (2 * rampMs));
  return perMs * (t - 0.45 * rampMs);
}
/** No order or fill for this long after the feed stopped: the pipeline has nothing left in flight. */
const QUIET_MS = 500;

/**
 * Publishes a bench feed to JetStream on a schedule and times every `order.fill` back to the candle
 * it names as `cause`, and every `order.new` back to the candle that started its chain (its `corr`:
 * candle -> intent -> approval -> order all carry the candle's id). The candle counter runs on across
 * windows, so event time only moves forward and the services see one continuous market.
 */
export class CandleLoad {
  private n = 0;
  /** The lean PubAck path the services use too: the feed shares the 2 cores with what it measures. */
  private readonly acks: PubAckMux;
  private readonly subs: Subscription[];
  /** Candle id -> its number in the feed and publish time, for the candles of the current window. */
  private candles = new Map<string, { n: number; sent: number }>();
  private measuring = new Set<string>();
  private samples: Array<{ sent: number; latency: number }> = [];
  private warmUpLatencies: number[] = [];
  /** Measured candles with at least one fill, kept as the fills come (the drain asks every 20 ms). */
  private caused = new Set<string>();
  private seenFills = new Set<string>();
  /** Orders decided from measured candles, by id (= the client order id their fills carry). */
  private orders = new Map<string, { n: number; filled: boolean; late: boolean }>();
  private decisions: number[] = [];
  /** Per hop, the first arrival per measured candle: candle id -> latency. */
  private readonly intents = new Map<string, number>();
  private readonly approvals = new Map<string, number>();
  private anyFills = 0;
  private lastMessageAt = 0;

  constructor(
    nc: NatsConnection,
    private readonly candle: (n: number) => BenchCandle,
    /** Instruments take turns: candle n's next bar of the same instrument is candle n + instruments. */
    private readonly instruments: number,
    account: string,
  ) {
    this.acks = new PubAckMux(nc);
    const fills = nc.subscribe(subjects.order('fill', account), {
      callback: (err, msg) => {
        const at = performance.now();
        if (err) return;
        this.lastMessageAt = at;
        const { id, cause, payload } = msg.json<{ id: string; cause?: string; payload: { clientOrderId: string } }>();
        this.anyFills++;
        // A service that restarts re-publishes with the same id: JetStream drops it, but core subscribers see it.
        if (this.seenFills.has(id)) return;
        this.seenFills.add(id);
        const bar = cause === undefined ? undefined : this.candles.get(cause);
        const order = this.orders.get(payload.clientOrderId);
        if (order !== undefined) {
          order.filled = true;
          if (bar !== undefined && bar.n > order.n + this.instruments) order.late = true;
        }
        if (cause === undefined || bar === undefined) return;
        if (!this.measuring.has(cause)) return void this.warmUpLatencies.push(at - bar.sent);
        this.samples.push({ sent: bar.sent, latency: at - bar.sent });
        this.caused.add(cause);
      },
    });
    const news = nc.subscribe(subjects.order('new', account), {
      callback: (err, msg) => {
        const at = performance.now();
        if (err) return;
        this.lastMessageAt = at;
        const { id, corr } = msg.json<{ id: string; corr?: string }>();
        if (corr === undefined || !this.measuring.has(corr) || this.orders.has(id)) return;
        const bar = this.candles.get(corr) as { n: number; sent: number };
        this.orders.set(id, { n: bar.n, filled: false, late: false });
        this.decisions.push(at - bar.sent);
      },
    });
    const firstOf = (into: Map<string, number>) => (err: Error | null, msg: Msg) => {
      const at = performance.now();
      if (err) return;
      const { corr } = msg.json<{ corr?: string }>();
      if (corr === undefined || !this.measuring.has(corr) || into.has(corr)) return;
      into.set(corr, at - (this.candles.get(corr) as { sent: number }).sent);
    };
    const intents = nc.subscribe(filters.allIntents, { callback: firstOf(this.intents) });
    const approvals = nc.subscribe(filters.allRiskApproved, { callback: firstOf(this.approvals) });
    this.subs = [fills, news, intents, approvals];
  }

  close(): void {
    for (const s of this.subs) s.unsubscribe();
    this.acks.close();
  }

  async run(w: LoadWindow, stopped: () => boolean = () => false): Promise<WindowResult> {
    this.candles = new Map();
    this.measuring = new Set();
    this.samples = [];
    this.warmUpLatencies = [];
    this.caused = new Set();
    this.seenFills = new Set();
    this.orders = new Map();
    this.decisions = [];
    this.intents.clear();
    this.approvals.clear();
    const candleAcks: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    let errors = 0;
    let firstError: unknown;
    const t0 = performance.now();
    const fillsBefore = this.anyFills;
    const rampMs = Math.min(w.rampMs ?? 0, w.warmUpMs);
    const warmUpEnd = t0 + w.warmUpMs;
    // Set when the warm-up ends: at its time, or later while the services are still catching up.
    let measureFrom = Number.POSITIVE_INFINITY;
    let end = Number.POSITIVE_INFINITY;
    let caughtUp: boolean | null = w.caughtUp === undefined ? null : false;
    let behind: string[] = [];
    let polling = w.caughtUp !== undefined;
    const poll = async (check: () => Promise<string[]>) => {
      while (polling && !stopped()) {
        if (performance.now() >= warmUpEnd) {
          behind = await check().catch((e: unknown) => [`(the check failed: ${(e as Error)?.message ?? String(e)})`]);
          caughtUp = behind.length === 0;
        }
        await sleep(250);
      }
    };
    const poller = w.caughtUp === undefined ? Promise.resolve() : poll(w.caughtUp.behind);
    let published = 0;
    let publishedBeforeMeasuring = 0;
    let cpuBefore: CpuSample | undefined;
    for (let now = t0; now < end && !stopped(); now = performance.now()) {
      if (measureFrom === Number.POSITIVE_INFINITY && now >= warmUpEnd && (caughtUp !== false || now >= warmUpEnd + (w.caughtUp?.maxExtraMs ?? 0))) {
        measureFrom = now;
        end = now + w.measureMs;
        polling = false;
        publishedBeforeMeasuring = published;
        cpuBefore = w.sampleCpu?.();
      }
      const due = Math.floor(dueBy(now - t0, w.rate, rampMs));
      while (published < due) {
        const n = this.n++;
        const { subject, event } = this.candle(n);
        const sent = performance.now();
        const measured = sent >= measureFrom;
        this.candles.set(event.id, { n, sent });
        if (measured) this.measuring.add(event.id);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        this.acks.publish(subject, encodeEvent(event), event.id, 5_000).then(
          () => {
            inFlight--;
            if (measured) candleAcks.push(performance.now() - sent);
          },
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
    const publishedUntil = performance.now();
    const publishedFor = publishedUntil - t0;
    // Stopped before measuring began: the poller ends at its next turn (awaited after the drain).
    polling = false;
    const cpuAfter = w.sampleCpu?.();
    const cpuMsPerCandle = cpuBefore === undefined || cpuAfter === undefined ? {} : cpuPerCandle(cpuBefore, cpuAfter, this.measuring.size);
    const fillRate = ((this.anyFills - fillsBefore) * 1000) / publishedFor;
    // An order decided on an instrument's last bar has no next bar to fill at.
    const lastFillable = this.n - 1 - this.instruments;
    const unfilled = () => {
      let count = 0;
      for (const o of this.orders.values()) if (!o.filled && o.n <= lastFillable) count++;
      return count;
    };
    // Done when every measured candle has its fill (the zig-zag market, where each one causes one) or,
    // on a market where most candles cause nothing, when every order has its fill and the services
    // have been quiet for a moment (orders of the last candles may still be on their way).
    // The bench shares the cores with the services whose fills it still times: the counting scan comes last.
    const settled = () => inFlight === 0 && (this.caused.size >= this.measuring.size || performance.now() - this.lastMessageAt > QUIET_MS) && unfilled() === 0;
    const drainUntil = performance.now() + w.drainMs;
    while (!stopped() && performance.now() < drainUntil && !settled()) await sleep(20);
    await poller;
    if (errors > 0 && errors === published) throw new Error(`every candle publish failed: ${(firstError as Error)?.message ?? String(firstError)}`);
    const orders = [...this.orders.values()];
    const pct = (values: number[], q: number) => (values.length < 3 ? null : percentile(values, q));
    const intents = [...this.intents.values()];
    const approvals = [...this.approvals.values()];
    const base = {
      rate: w.rate,
      published,
      achievedRate: measureFrom < publishedUntil ? ((published - publishedBeforeMeasuring) * 1000) / (publishedUntil - measureFrom) : 0,
      warmUp: {
        ms: Math.min(measureFrom, publishedUntil) - t0,
        caughtUp,
        behind: caughtUp === false ? behind : [],
        fillP50Ms: pct(this.warmUpLatencies, 50),
        fillMaxMs: this.warmUpLatencies.length < 3 ? null : Math.max(...this.warmUpLatencies),
      },
      measuredCandles: this.measuring.size,
      candlesWithoutFill: this.measuring.size - this.caused.size,
      fills: this.samples.length,
      fillRate,
      orders: orders.length,
      ordersLate: orders.filter((o) => o.late).length,
      ordersWithoutFill: unfilled(),
      ordersWithoutNextBar: orders.filter((o) => o.n > lastFillable).length,
      decisionP50Ms: pct(this.decisions, 50),
      decisionP99Ms: pct(this.decisions, 99),
      candleAckP50Ms: pct(candleAcks, 50),
      candleAckP99Ms: pct(candleAcks, 99),
      hops: { intentP50Ms: pct(intents, 50), intentP99Ms: pct(intents, 99), approvalP50Ms: pct(approvals, 50), approvalP99Ms: pct(approvals, 99) },
      publishErrors: errors,
      maxPublishesInFlight: maxInFlight,
      cpuMsPerCandle,
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
