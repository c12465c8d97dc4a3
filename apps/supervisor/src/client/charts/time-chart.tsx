'use client';
// One lightweight-charts chart with any number of line/area/candle/histogram series in stacked panes
// (price on pane 0, equity or drawdown below). Re-created when the series list changes shape; data
// updates in place.
import { useEffect, useRef } from 'react';
import {
  AreaSeries,
  CandlestickSeries,
  ColorType,
  createChart,
  createSeriesMarkers,
  HistogramSeries,
  LineSeries,
  type IChartApi,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { ChartMarker, TimeValue } from './chart-data';

export interface CandlePoint {
  time: UTCTimestamp;
  open: number;
  high: number;
  low: number;
  close: number;
}

export type ChartSeries =
  | { kind: 'line' | 'area' | 'histogram'; title: string; color: string; data: TimeValue[]; pane?: number; markers?: ChartMarker[] }
  | { kind: 'candles'; title: string; data: CandlePoint[]; pane?: number; markers?: ChartMarker[] };

export function TimeChart({ series, height = 320, testId }: { series: ChartSeries[]; height?: number; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = createChart(el, {
      height,
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: '#06102a' }, textColor: '#94a3b8', panes: { separatorColor: '#19346f' } },
      grid: { vertLines: { color: '#0a1a3f' }, horzLines: { color: '#0a1a3f' } },
      rightPriceScale: { borderColor: '#19346f' },
      timeScale: { borderColor: '#19346f', timeVisible: true },
      crosshair: { mode: 0 },
    });
    chart.current = c;
    for (const s of series) {
      const pane = s.pane ?? 0;
      let api;
      if (s.kind === 'candles') {
        api = c.addSeries(CandlestickSeries, { upColor: '#39ff88', downColor: '#ff3b6b', wickUpColor: '#39ff88', wickDownColor: '#ff3b6b', borderVisible: false, title: s.title }, pane);
        api.setData(s.data);
      } else if (s.kind === 'area') {
        api = c.addSeries(AreaSeries, { lineColor: s.color, topColor: `${s.color}55`, bottomColor: `${s.color}05`, lineWidth: 2, title: s.title }, pane);
        api.setData(s.data);
      } else if (s.kind === 'histogram') {
        api = c.addSeries(HistogramSeries, { color: s.color, title: s.title }, pane);
        api.setData(s.data);
      } else {
        api = c.addSeries(LineSeries, { color: s.color, lineWidth: 2, title: s.title }, pane);
        api.setData(s.data);
      }
      if (s.markers && s.markers.length > 0) createSeriesMarkers(api, s.markers);
    }
    c.timeScale().fitContent();
    return () => {
      chart.current = null;
      c.remove();
    };
  }, [series, height]);

  return <div ref={box} data-testid={testId} className="w-full overflow-hidden rounded border border-abyss-700" style={{ height }} />;
}
