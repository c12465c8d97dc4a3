import type { FlowFamily, FlowRate } from '../../shared/live';

/** The data-flow edge a subject belongs to, with its strategy id for per-strategy families. */
export function flowOf(subject: string): { family: FlowFamily; strategyId?: string } | undefined {
  const t = subject.split('.');
  switch (t[0]) {
    case 'md':
      return t[1] === 'candle' ? { family: 'md.candle' } : undefined;
    case 'indicator':
      return { family: 'indicator' };
    case 'strategy':
      return t[1] === 'intent' && t[2] ? { family: 'strategy.intent', strategyId: t[2] } : undefined;
    case 'risk':
      if ((t[1] === 'approved' || t[1] === 'rejected') && t[2]) return { family: `risk.${t[1]}`, strategyId: t[2] };
      return undefined;
    case 'order':
      return ['new', 'ack', 'fill', 'reject', 'cancel'].includes(t[1]) ? { family: `order.${t[1]}` as FlowFamily } : undefined;
    case 'pnl':
      if (t[1] === 'update' && t[2]) return { family: 'pnl.update', strategyId: t[2] };
      return t[1] === 'global' ? { family: 'pnl.global' } : undefined;
    default:
      return undefined;
  }
}

/** Latency samples kept per edge (the median is over these). */
const MAX_LATENCIES = 64;

interface Counter {
  family: FlowFamily;
  strategyId?: string;
  /** Counts per whole second, keyed by the second. */
  buckets: Map<number, number>;
  latencies: number[];
}

/**
 * Messages per second per flow edge over a sliding window of whole seconds, plus the median of
 * (arrival - event time) over recent samples. An edge that went quiet reports 0 until it has been
 * silent for the whole window, then disappears.
 */
export class FlowMeter {
  private readonly counters = new Map<string, Counter>();

  constructor(private readonly windowSec = 3) {}

  /** Counts one message of `subject` that arrived at `at`; `eventTs` (its event time) feeds the latency. */
  count(subject: string, at: number, eventTs?: number): void {
    const c = this.counterOf(subject);
    if (c !== undefined) this.record(c, at, eventTs);
  }

  /**
   * Like `count` for a message not decoded otherwise: `tsOf` reads its event time, called only while
   * the edge needs latency samples and then for one message in 20 (sampling keeps busy edges cheap).
   */
  countSampled(subject: string, at: number, tsOf: () => number | undefined): void {
    const c = this.counterOf(subject);
    if (c === undefined) return;
    this.record(c, at, c.latencies.length < MAX_LATENCIES || Math.random() < 0.05 ? tsOf() : undefined);
  }

  private counterOf(subject: string): Counter | undefined {
    const flow = flowOf(subject);
    if (!flow) return undefined;
    const key = flow.strategyId ? `${flow.family}:${flow.strategyId}` : flow.family;
    let c = this.counters.get(key);
    if (!c) {
      c = { family: flow.family, strategyId: flow.strategyId, buckets: new Map(), latencies: [] };
      this.counters.set(key, c);
    }
    return c;
  }

  private record(c: Counter, at: number, eventTs: number | undefined): void {
    const sec = Math.floor(at / 1000);
    c.buckets.set(sec, (c.buckets.get(sec) ?? 0) + 1);
    // Event time is bar time during a replay (hours or years old): only a live-looking gap is a latency.
    if (eventTs !== undefined) {
      const lag = at - eventTs;
      if (lag >= 0 && lag < 60_000) {
        c.latencies.push(lag);
        if (c.latencies.length > MAX_LATENCIES) c.latencies.shift();
      }
    }
  }

  rates(now: number): FlowRate[] {
    const nowSec = Math.floor(now / 1000);
    // The current second is still filling: rate over the completed seconds of the window plus it, per elapsed time.
    const from = nowSec - this.windowSec;
    const elapsedSec = this.windowSec + (now % 1000) / 1000;
    const out: FlowRate[] = [];
    for (const [key, c] of this.counters) {
      let n = 0;
      for (const [sec, count] of c.buckets) {
        if (sec < from) c.buckets.delete(sec);
        else n += count;
      }
      if (c.buckets.size === 0) {
        this.counters.delete(key);
        continue;
      }
      const rate: FlowRate = { family: c.family, perSec: Math.round((n / elapsedSec) * 100) / 100 };
      if (c.strategyId) rate.strategyId = c.strategyId;
      if (c.latencies.length > 0) rate.latencyMsP50 = median(c.latencies);
      out.push(rate);
    }
    return out.sort((a, b) => (a.family + (a.strategyId ?? '')).localeCompare(b.family + (b.strategyId ?? '')));
  }
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
