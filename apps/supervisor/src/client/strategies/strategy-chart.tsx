'use client';
// The chart of the strategies page. Raw price: candles with two moving averages. One strategy: its
// instrument's candles, its buy/sell markers and its P&L in a pane below. Comparison: P&L lines of
// the chosen strategies on one axis.
import { useMemo } from 'react';
import type { SignalRow } from '../../shared/api';
import type { CandleBar } from '../../shared/live';
import { smaOverlay } from '../charts/chart-data';
import { TimeChart, type ChartSeries } from '../charts/time-chart';
import { EmptyState } from '../ui/states';
import { candlePoints, markersOnBars, pnlOnBars, pnlSeries, signalMarkers, type ChartMode, type PnlHistory } from './strategy-view-model';

const LINE_COLORS = ['#22e4ff', '#a46bff', '#39ff88', '#ffe14d', '#3d8bff', '#ff3b6b'];

export function StrategyChart({ mode, candles, signals, pnl }: { mode: ChartMode; candles: CandleBar[]; signals: SignalRow[]; pnl: PnlHistory }) {
  const series = useMemo<ChartSeries[]>(() => {
    const closes = candles.map((b) => ({ ts: b.t, close: b.c }));
    if (mode.kind === 'compare') {
      return mode.ids.map((id, i) => ({ kind: 'line' as const, title: `${id} P&L`, color: LINE_COLORS[i % LINE_COLORS.length], data: pnlSeries(pnl[id] ?? []) }));
    }
    const points = candlePoints(candles);
    const price: ChartSeries[] = [
      { kind: 'candles', title: candles[0]?.symbol ?? 'price', data: points, ...(mode.kind === 'strategy' ? { markers: markersOnBars(signalMarkers(signals), points) } : {}) },
      { kind: 'line', title: 'SMA 20', color: '#ffe14d', data: smaOverlay(closes, 20) },
      { kind: 'line', title: 'SMA 50', color: '#a46bff', data: smaOverlay(closes, 50) },
    ];
    if (mode.kind === 'strategy') price.push({ kind: 'area', title: `${mode.id} P&L`, color: '#22e4ff', data: pnlOnBars(pnl[mode.id] ?? [], points), pane: 1 });
    return price;
  }, [mode, candles, signals, pnl]);

  if (mode.kind !== 'compare' && candles.length === 0) {
    return <EmptyState title="No candles yet">Candles appear as the market-data service publishes them.</EmptyState>;
  }
  const candleSeries = series.find((s) => s.kind === 'candles');
  // What the chart was given, for the end-to-end test (the drawing itself is a canvas).
  return (
    <div data-testid="strategy-chart-data" data-candles={candleSeries?.data.length ?? 0} data-markers={candleSeries?.markers?.length ?? 0}>
      <TimeChart series={series} height={mode.kind === 'strategy' ? 460 : 380} testId="strategy-chart" />
    </div>
  );
}
