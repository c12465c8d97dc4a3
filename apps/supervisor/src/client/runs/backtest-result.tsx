'use client';
import { useMemo } from 'react';
import { drawdownSeries, equitySeries, tradeMarkers } from '../charts/chart-data';
import { TimeChart, type ChartSeries } from '../charts/time-chart';
import { formatMetric, HEADLINE, headlineValues, readBacktest } from './result-shape';
import { TradeTable } from './trade-table';

export function MetricsGrid({ values }: { values: Record<string, number | null> }) {
  return (
    <dl className="grid grid-cols-2 gap-2 sm:grid-cols-5" data-testid="metrics">
      {HEADLINE.map((m) => (
        <div key={m.key} className="rounded border border-abyss-700 bg-abyss-800/60 px-3 py-2">
          <dt className="text-[10px] uppercase tracking-wider text-slate-500">{m.label}</dt>
          <dd className={`font-mono text-sm ${m.key === 'totalReturnPct' ? ((values[m.key] ?? 0) >= 0 ? 'text-neon-green' : 'text-neon-red') : 'text-slate-100'}`}>{formatMetric(m.key, values[m.key])}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A backtest's result: metrics, equity curve with each trade's entry and exit marked and the drawdown pane under it, and the trade table. */
export function BacktestResult({ result, csvHref }: { result: Record<string, unknown> | undefined; csvHref?: string }) {
  const view = useMemo(() => readBacktest(result), [result]);
  const series = useMemo<ChartSeries[]>(
    () => [
      { kind: 'area', title: 'equity', color: '#22e4ff', data: equitySeries(view.equityCurve), markers: tradeMarkers(view.trades) },
      { kind: 'area', title: 'drawdown %', color: '#ff3b6b', data: drawdownSeries(view.equityCurve), pane: 1 },
    ],
    [view],
  );
  return (
    <div className="space-y-4" data-testid="backtest-result">
      <MetricsGrid values={headlineValues(view)} />
      {view.warnings.length > 0 && (
        <ul className="space-y-1 text-xs text-neon-yellow">
          {view.warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      )}
      {view.equityCurve.length > 0 && <TimeChart series={series} height={360} testId="equity-chart" />}
      <TradeTable trades={view.trades} csvHref={csvHref} />
    </div>
  );
}
