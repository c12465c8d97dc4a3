// What the strategies page draws, from what the gateway sends: candles, intents (signals) and P&L.
import type { LiveInstrument, SignalRow, StrategySummary } from '../../shared/api';
import type { CandleBar, LiveUpdate, StrategyPnl } from '../../shared/live';
import { timeValues, toSeconds, type ChartMarker, type TimeValue } from '../charts/chart-data';
import type { UTCTimestamp } from 'lightweight-charts';
import type { CandlePoint } from '../charts/time-chart';
import { pushTimePoint } from '../../shared/time-points';

export type ChartMode = { kind: 'price' } | { kind: 'strategy'; id: string } | { kind: 'compare'; ids: string[] };

/** Candles by open time (a revised bar replaces the earlier one), oldest first, at most `max`. */
export function mergeCandles(bars: readonly CandleBar[], incoming: readonly CandleBar[], max = 2_000): CandleBar[] {
  const byTime = new Map<number, CandleBar>();
  for (const b of bars) byTime.set(b.t, b);
  for (const b of incoming) byTime.set(b.t, b);
  return [...byTime.values()].sort((a, b) => a.t - b.t).slice(-max);
}

export function candlePoints(bars: readonly CandleBar[]): CandlePoint[] {
  return bars.map((b) => ({ time: toSeconds(b.t), open: b.o, high: b.h, low: b.l, close: b.c }));
}

/**
 * Buy and sell markers where a strategy's target weight changes: up is a buy, down a sell; the text
 * gives the new target and the size of the move (how strongly the strategy changed its mind).
 */
export function signalMarkers(signals: readonly SignalRow[]): ChartMarker[] {
  const sorted = [...signals].sort((a, b) => a.ts - b.ts);
  const markers: ChartMarker[] = [];
  let previous = 0;
  for (const s of sorted) {
    const delta = s.targetWeight - previous;
    previous = s.targetWeight;
    if (delta === 0) continue;
    const buy = delta > 0;
    markers.push({
      time: toSeconds(s.ts),
      position: buy ? 'belowBar' : 'aboveBar',
      shape: buy ? 'arrowUp' : 'arrowDown',
      color: buy ? '#39ff88' : '#ff3b6b',
      text: `${buy ? 'buy' : 'sell'} → ${s.targetWeight} (${Math.abs(delta).toFixed(2)})${s.reason ? ` ${s.reason}` : ''}`,
    });
  }
  return markers;
}

/**
 * Items in time order, each moved to the bar it belongs to: the last bar that opened at or before
 * it. Items before the first bar (older than the candles on screen) are left out.
 */
function onBars<T extends { time: UTCTimestamp }>(items: readonly T[], bars: readonly CandlePoint[]): T[] {
  const out: T[] = [];
  let i = 0;
  for (const item of items) {
    while (i + 1 < bars.length && bars[i + 1].time <= item.time) i++;
    if (bars.length === 0 || bars[i].time > item.time) continue;
    out.push({ ...item, time: bars[i].time });
  }
  return out;
}

/**
 * Markers placed on the bars they belong to: a chart only draws a marker at a time its series has,
 * and an intent's event time need not be a bar's open time.
 */
export function markersOnBars(markers: readonly ChartMarker[], bars: readonly CandlePoint[]): ChartMarker[] {
  return onBars([...markers].sort((a, b) => Number(a.time) - Number(b.time)), bars);
}

export type PnlHistory = Record<string, Array<{ ts: number; total: number }>>;

/** Appends P&L updates to each strategy's history (time order, one point per ms, at most `max`). */
export function appendPnl(history: PnlHistory, updates: readonly StrategyPnl[], max = 5_000): PnlHistory {
  const next: PnlHistory = { ...history };
  for (const u of updates) {
    const list = [...(next[u.strategyId] ?? [])];
    pushTimePoint(list, { ts: u.ts, total: u.total }, max);
    next[u.strategyId] = list;
  }
  return next;
}

/** The P&L points a batch of live updates carries, in order: the history sent on subscribing, then current figures. */
export function pnlPointsOf(updates: readonly LiveUpdate[]): StrategyPnl[] {
  const points: StrategyPnl[] = [];
  for (const u of updates) {
    if (u.kind === 'pnlHistory') points.push(...u.points);
    else if (u.kind === 'pnl') points.push(...u.strategies);
  }
  return points;
}

/** A P&L history as a chart series (one point per second, the last of a second winning). */
export function pnlSeries(points: ReadonlyArray<{ ts: number; total: number }>): TimeValue[] {
  return timeValues(points.map((p) => ({ ts: p.ts, value: p.total })));
}

/**
 * A P&L history as the pane under the candles: each point on the bar it belongs to (the last bar
 * that opened at or before it; the last point of a bar wins), points before the first bar left out.
 * The chart's time axis has a slot for every time any series has: a P&L point at a bar's close time
 * (its event time) would add a slot between two candles, and points older than the candles (the
 * history is kept longer when the strategy holds few bars) would leave the price pane empty on the left.
 * The last P&L lasts to the latest bar.
 */
export function pnlOnBars(points: ReadonlyArray<{ ts: number; total: number }>, bars: readonly CandlePoint[]): TimeValue[] {
  const out: TimeValue[] = [];
  for (const p of onBars(pnlSeries(points), bars)) {
    if (out.length > 0 && out[out.length - 1].time === p.time) out[out.length - 1] = p;
    else out.push(p);
  }
  // A flat strategy gets no pnl.update (nothing it holds moves): its P&L stays at the last one, to the latest bar.
  const last = out[out.length - 1];
  if (last !== undefined && last.time < bars[bars.length - 1].time) out.push({ time: bars[bars.length - 1].time, value: last.value });
  return out;
}

/** The instrument a strategy trades (the first of its definition), to pick the candles to show. */
export function instrumentOf(s: StrategySummary | undefined): string | undefined {
  const list = s?.definition['instruments'];
  return Array.isArray(list) && typeof list[0] === 'string' ? list[0] : undefined;
}

/**
 * The instrument the chart shows: the focused strategy's, else the first strategy's, else the one
 * the live feeds publish most (GET /instruments), else `fallback` (nothing known yet).
 */
export function chartSymbol(strategies: readonly StrategySummary[] | undefined, focus: string | undefined, live: readonly LiveInstrument[] | undefined, fallback: string): string {
  return instrumentOf(strategies?.find((s) => s.id === focus)) ?? instrumentOf(strategies?.[0]) ?? live?.[0]?.symbol ?? fallback;
}

/** The card's P&L: the newest live figure when one arrived, else the one the list came with. */
export function cardPnl(s: StrategySummary, history: PnlHistory): number | undefined {
  return history[s.id]?.at(-1)?.total ?? s.pnl?.total;
}
