import { warmUpText, type PipelineBenchResult } from '../bench/pipeline-bench';
import type { WindowResult } from '../bench/candle-load';
import { ms3 } from '../bench/latency-stats';
import type { RecoveryBenchResult } from '../bench/recovery-bench';

const msOrNa = (x: number | null) => (x === null ? 'n/a' : `${ms3(x)} ms`);
const warmUpOf = ({ warmUp: u }: Pick<WindowResult, 'warmUp'>) => ({ ms: Math.round(u.ms), caughtUp: u.caughtUp, behind: u.behind, fillP50Ms: ms3(u.fillP50Ms), fillMaxMs: ms3(u.fillMaxMs) });
const hopsOf = ({ hops: h }: Pick<WindowResult, 'hops'>) => ({
  intentP50Ms: ms3(h.intentP50Ms),
  intentP99Ms: ms3(h.intentP99Ms),
  approvalP50Ms: ms3(h.approvalP50Ms),
  approvalP99Ms: ms3(h.approvalP99Ms),
});

/** Rows of `key  value`, the keys padded to one width: the tables of bench and chaos. */
export function align(rows: ReadonlyArray<[string, string]>): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}

export function pipelineTable(r: PipelineBenchResult): string {
  const w = r.window;
  const rows: Array<[string, string]> = [
    ['market', r.marketDescription],
    ['strategies x instruments', `${r.strategies} x ${r.instruments}`],
    ['candle rate (asked / achieved)', `${w.rate}/s / ${Math.round(w.achievedRate)}/s`],
    ['warm-up (ramp, then until caught up)', warmUpText(w)],
    ['candles measured', `${w.measuredCandles} (${w.candlesWithoutFill} without a fill)`],
    ['samples (fills of measured candles)', `${w.fills} (all fills while publishing: ${Math.round(w.fillRate)}/s)`],
    ['orders of measured candles', `${w.orders} (${w.ordersLate} filled later than the next bar, ${w.ordersWithoutFill} never filled)`],
    ['decision: candle -> order.new p50 / p99', `${msOrNa(w.decisionP50Ms)} / ${msOrNa(w.decisionP99Ms)} (information)`],
    ['  hops: candle -> intent, -> approval', `p50 ${msOrNa(w.hops.intentP50Ms)} / ${msOrNa(w.hops.approvalP50Ms)}, p99 ${msOrNa(w.hops.intentP99Ms)} / ${msOrNa(w.hops.approvalP99Ms)}`],
    ['candle -> fill p50', r.p50Ms === null ? 'n/a: the fills did not come back in time (the pipeline is behind the feed)' : `${r.p50Ms} ms`],
    ['candle -> fill p99', `${msOrNa(r.p99Ms)} (goal <= ${r.goal.p99MaxMs}: ${r.goal.p99Met ? 'met' : 'NOT met'})`],
    ['candle -> fill max', msOrNa(w.maxMs)],
    ['CPU ms per candle', Object.entries(w.cpuMsPerCandle).map(([k, v]) => `${k} ${v ?? 'n/a'}`).join(', ') || 'n/a'],
    ['median, first / last third', `${msOrNa(w.firstThirdP50Ms)} / ${msOrNa(w.lastThirdP50Ms)}${w.lagGrew ? ' (GREW)' : ''}`],
    ['JetStream ack round trip p50 / p99', `${r.jetstreamAckRttP50Ms} / ${r.jetstreamAckRttP99Ms} ms`],
    [`publish-ack at ${r.jetstreamAckAtRate.rate}/s alone p50 / p99`, `${r.jetstreamAckAtRate.p50Ms} / ${r.jetstreamAckAtRate.p99Ms} ms (the same rate of candles under load: ${msOrNa(w.candleAckP50Ms)} / ${msOrNa(w.candleAckP99Ms)})`],
    ['fsync\'d publish capacity', `${r.publishCapacityMsgsPerSec} msgs/s (256 acks outstanding)`],
    ['p50 / round trip', `${r.ratioP50ToRtt ?? 'n/a'}x (goal <= ${r.goal.ratioMax}x: ${r.goal.ratioMet ? 'met' : 'NOT met'})`],
  ];
  for (const s of r.steps) rows.push([`step ${s.rate}/s`, `p50 ${msOrNa(s.result.p50Ms)}, p99 ${msOrNa(s.result.p99Ms)}: ${s.sustained ? 'sustained' : s.why}`]);
  if (r.maxSustainedCandlesPerSec !== null) rows.push(['max sustained candles/s', `${r.maxSustainedCandlesPerSec} (windows of ${(r.sustainWindowMs ?? 0) / 1000} s)`]);
  for (const s of r.withStrategies) {
    const v = s.window;
    rows.push([
      `${s.strategies} strategies at ${v.rate}/s`,
      `p50 ${msOrNa(v.p50Ms)}, p99 ${msOrNa(v.p99Ms)} (${s.p99Met ? 'met' : 'NOT met'}), ${v.fills} samples, decision p50 ${msOrNa(v.decisionP50Ms)}, ${v.ordersLate + v.ordersWithoutFill} of ${v.orders} orders late or unfilled${v.lagGrew ? ', GREW' : ''}; warm-up ${warmUpText(v)}`,
    ]);
  }
  return align(rows);
}

/** The last line of `bench pipeline`, the one to parse. */
export function pipelineSummary(r: PipelineBenchResult): string {
  const { p50Ms, p99Ms, jetstreamAckRttP50Ms, ratioP50ToRtt, goal, maxSustainedCandlesPerSec, sustainWindowMs, strategies, instruments, jetstreamAckRttP99Ms, window: w } = r;
  return JSON.stringify({
    bench: 'pipeline',
    market: r.market,
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
    warmUp: warmUpOf(w),
    measuredCandles: w.measuredCandles,
    candlesWithoutFill: w.candlesWithoutFill,
    fills: w.fills,
    samples: w.fills,
    fillRate: Math.round(w.fillRate),
    orders: w.orders,
    ordersLate: w.ordersLate,
    ordersWithoutFill: w.ordersWithoutFill,
    ordersWithoutNextBar: w.ordersWithoutNextBar,
    decisionP50Ms: ms3(w.decisionP50Ms),
    decisionP99Ms: ms3(w.decisionP99Ms),
    hops: hopsOf(w),
    publishCapacityMsgsPerSec: r.publishCapacityMsgsPerSec,
    jetstreamAckAtRate: r.jetstreamAckAtRate,
    candleAckP50Ms: ms3(w.candleAckP50Ms),
    candleAckP99Ms: ms3(w.candleAckP99Ms),
    cpuMsPerCandle: w.cpuMsPerCandle,
    maxMs: ms3(w.maxMs),
    lagGrew: w.lagGrew,
    jetstreamAckRttP99Ms,
    steps: r.steps.map((s) => ({
      rate: s.rate,
      sustained: s.sustained,
      why: s.why,
      p50Ms: ms3(s.result.p50Ms),
      p99Ms: ms3(s.result.p99Ms),
      samples: s.result.fills,
      decisionP99Ms: ms3(s.result.decisionP99Ms),
      achievedRate: Math.round(s.result.achievedRate),
    })),
    withStrategies: Object.fromEntries(
      r.withStrategies.map((s) => [
        String(s.strategies),
        {
          rate: s.window.rate,
          achievedRate: Math.round(s.window.achievedRate),
          warmUp: warmUpOf(s.window),
          p50Ms: ms3(s.window.p50Ms),
          p99Ms: ms3(s.window.p99Ms),
          p99Met: s.p99Met,
          maxMs: ms3(s.window.maxMs),
          published: s.window.published,
          measuredCandles: s.window.measuredCandles,
          candlesWithoutFill: s.window.candlesWithoutFill,
          fills: s.window.fills,
          samples: s.window.fills,
          orders: s.window.orders,
          ordersLate: s.window.ordersLate,
          ordersWithoutFill: s.window.ordersWithoutFill,
          ordersWithoutNextBar: s.window.ordersWithoutNextBar,
          decisionP50Ms: ms3(s.window.decisionP50Ms),
          decisionP99Ms: ms3(s.window.decisionP99Ms),
          hops: hopsOf(s.window),
          fillRate: Math.round(s.window.fillRate),
          cpuMsPerCandle: s.window.cpuMsPerCandle,
          lagGrew: s.window.lagGrew,
        },
      ]),
    ),
  });
}

export function recoveryTable(r: RecoveryBenchResult): string {
  return align([
    ['service', r.service],
    ['stream', `${r.events} candles (published at ${Math.round(r.publishPerSec)}/s)`],
    ['recovery without a snapshot', `${ms3(r.withoutSnapshot.ms)} ms (${r.withoutSnapshot.replayed} inputs replayed in ${msOrNa(r.withoutSnapshot.replayMs)})`],
    [
      'recovery with a snapshot',
      `${ms3(r.withSnapshot.ms)} ms (${r.withSnapshot.replayed} inputs replayed in ${msOrNa(r.withSnapshot.replayMs)} after the snapshot at MD #${r.snapshotCovered ?? 'n/a'})`,
    ],
    ['without / with', `${Math.round(r.ratio * 100) / 100}x`],
  ]);
}

export function recoverySummary(r: RecoveryBenchResult): string {
  return JSON.stringify({
    bench: 'recovery',
    service: r.service,
    events: r.events,
    tail: r.tail,
    withoutSnapshotMs: ms3(r.withoutSnapshot.ms),
    withSnapshotMs: ms3(r.withSnapshot.ms),
    replayMsWithoutSnapshot: r.withoutSnapshot.replayMs,
    replayMsWithSnapshot: r.withSnapshot.replayMs,
    ratio: Math.round(r.ratio * 100) / 100,
    replayedWithoutSnapshot: r.withoutSnapshot.replayed,
    replayedWithSnapshot: r.withSnapshot.replayed,
    snapshotCovered: r.snapshotCovered,
    publishPerSec: Math.round(r.publishPerSec),
  });
}
