'use client';
import { useMemo } from 'react';
import type { RunDetail } from '../../shared/api';
import { equitySeries, drawdownSeries } from '../charts/chart-data';
import { TimeChart, type ChartSeries } from '../charts/time-chart';
import { Panel } from '../ui/panel';
import { HEADLINE, formatMetric, headlineValues, readBacktest } from './result-shape';
import { paramDiff } from './rerun';

const COLORS = ['#22e4ff', '#a46bff'];

/** Two runs side by side: parameters, every headline metric with the difference, equity and drawdown overlaid. */
export function RunCompare({ a, b }: { a: RunDetail; b: RunDetail }) {
  const va = useMemo(() => readBacktest(a.result), [a]);
  const vb = useMemo(() => readBacktest(b.result), [b]);
  const ha = headlineValues(va);
  const hb = headlineValues(vb);
  const series = useMemo<ChartSeries[]>(
    () => [
      { kind: 'line', title: a.runId, color: COLORS[0], data: equitySeries(va.equityCurve) },
      { kind: 'line', title: b.runId, color: COLORS[1], data: equitySeries(vb.equityCurve) },
      { kind: 'line', title: `DD ${a.runId}`, color: COLORS[0], data: drawdownSeries(va.equityCurve), pane: 1 },
      { kind: 'line', title: `DD ${b.runId}`, color: COLORS[1], data: drawdownSeries(vb.equityCurve), pane: 1 },
    ],
    [a, b, va, vb],
  );
  return (
    <div className="space-y-4" data-testid="run-compare">
      <Panel title="Compare runs">
        <table className="w-full text-left text-xs">
          <thead className="text-slate-400">
            <tr>
              <th className="px-2 py-1" />
              <th className="px-2 py-1 font-mono" style={{ color: COLORS[0] }}>
                {a.runId}
              </th>
              <th className="px-2 py-1 font-mono" style={{ color: COLORS[1] }}>
                {b.runId}
              </th>
              <th className="px-2 py-1 text-right">B − A</th>
            </tr>
          </thead>
          <tbody className="font-mono">
            <Row label="Strategy" a={a.strategy ?? '—'} b={b.strategy ?? '—'} />
            <Row label="Data" a={a.dataFile ?? '—'} b={b.dataFile ?? '—'} />
            {paramDiff(a.params, b.params).map((p) => (
              <Row key={p.name} label={`$${p.name}`} a={String(p.a ?? '—')} b={String(p.b ?? '—')} diff={p.a !== undefined && p.b !== undefined ? p.b - p.a : undefined} />
            ))}
            {HEADLINE.map((m) => {
              const x = ha[m.key];
              const y = hb[m.key];
              return <Row key={m.key} label={m.label} a={formatMetric(m.key, x)} b={formatMetric(m.key, y)} diff={typeof x === 'number' && typeof y === 'number' ? y - x : undefined} />;
            })}
          </tbody>
        </table>
      </Panel>
      <TimeChart series={series} height={380} testId="compare-chart" />
    </div>
  );
}

function Row({ label, a, b, diff }: { label: string; a: string; b: string; diff?: number }) {
  return (
    <tr className="border-t border-abyss-700">
      <td className="px-2 py-1 font-sans text-slate-400">{label}</td>
      <td className="px-2 py-1">{a}</td>
      <td className="px-2 py-1">{b}</td>
      <td className={`px-2 py-1 text-right ${diff === undefined || diff === 0 ? 'text-slate-500' : diff > 0 ? 'text-neon-green' : 'text-neon-red'}`}>{diff === undefined ? '' : `${diff > 0 ? '+' : ''}${Number.isInteger(diff) ? diff : diff.toFixed(3)}`}</td>
    </tr>
  );
}
