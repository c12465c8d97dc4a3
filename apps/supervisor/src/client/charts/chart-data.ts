// Turns backtest results into what the charts draw. lightweight-charts takes UTC seconds, strictly
// increasing per series; results carry epoch ms and may repeat a time (two fills on one bar).
import { SMA } from '@helios/indicators';
import type { TradeRecord } from '@helios/kernel';
import type { UTCTimestamp } from 'lightweight-charts';

export interface TimeValue {
  time: UTCTimestamp;
  value: number;
}

export interface EquityPoint {
  ts: number;
  equity: number;
}

/** A closed round trip as backtest results carry it (fees are not drawn). */
export type TradeLike = Omit<TradeRecord, 'fees'>;

export interface ChartMarker {
  time: UTCTimestamp;
  position: 'aboveBar' | 'belowBar';
  shape: 'arrowUp' | 'arrowDown';
  color: string;
  text: string;
}

export const toSeconds = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;

/** One point per second, the last value of a second winning, in time order. */
export function timeValues(points: ReadonlyArray<{ ts: number; value: number }>): TimeValue[] {
  const out: TimeValue[] = [];
  for (const p of [...points].sort((a, b) => a.ts - b.ts)) {
    if (!Number.isFinite(p.value)) continue;
    const time = toSeconds(p.ts);
    if (out.length > 0 && out[out.length - 1].time === time) out[out.length - 1] = { time, value: p.value };
    else out.push({ time, value: p.value });
  }
  return out;
}

export function equitySeries(curve: readonly EquityPoint[]): TimeValue[] {
  return timeValues(curve.map((p) => ({ ts: p.ts, value: p.equity })));
}

/** Percent below the running peak of equity at each point (0 at a new high, negative below it). */
export function drawdownSeries(curve: readonly EquityPoint[]): TimeValue[] {
  let peak = -Infinity;
  return timeValues(
    curve.map((p) => {
      peak = Math.max(peak, p.equity);
      return { ts: p.ts, value: peak > 0 ? ((p.equity - peak) / peak) * 100 : 0 };
    }),
  );
}

/** A buy and a sell marker per trade (mirrored for shorts), sorted by time as the chart requires. */
export function tradeMarkers(trades: readonly TradeLike[]): ChartMarker[] {
  const markers: ChartMarker[] = [];
  for (const t of trades) {
    const long = t.side === 'long';
    markers.push({ time: toSeconds(t.entryTs), position: long ? 'belowBar' : 'aboveBar', shape: long ? 'arrowUp' : 'arrowDown', color: long ? '#39ff88' : '#ff3b6b', text: `${long ? 'buy' : 'sell'} ${t.qty}` });
    markers.push({
      time: toSeconds(t.exitTs),
      position: long ? 'aboveBar' : 'belowBar',
      shape: long ? 'arrowDown' : 'arrowUp',
      color: t.pnl >= 0 ? '#22e4ff' : '#ff3b6b',
      text: `${long ? 'sell' : 'buy'} ${t.pnl >= 0 ? '+' : ''}${t.pnl.toFixed(2)}`,
    });
  }
  return markers.sort((a, b) => a.time - b.time);
}

/** A simple moving average overlay over closes (the raw-price view's indicator lines): the indicators library's SMA. */
export function smaOverlay(points: ReadonlyArray<{ ts: number; close: number }>, period: number): TimeValue[] {
  const sma = new SMA(period);
  const out: Array<{ ts: number; value: number }> = [];
  for (const p of points) {
    const value = sma.update(p.close);
    if (value !== undefined) out.push({ ts: p.ts, value });
  }
  return timeValues(out);
}
