import { UsageError } from '../args/usage-error';
import type { SweepRow } from './sweep-protocol';

/** Metrics a sweep can rank by; all "higher is better" (drawdowns are negative, so closer to 0 ranks higher). */
export const RANK_METRICS = ['totalReturnPct', 'sharpe', 'sortino', 'cagrPct', 'profitFactor', 'maxDrawdownPct', 'winRatePct', 'finalEquity'] as const;
export type RankMetric = (typeof RANK_METRICS)[number];

export function readRankMetric(name: string): RankMetric {
  if (!(RANK_METRICS as readonly string[]).includes(name)) throw new UsageError(`--rank-by ${JSON.stringify(name)} is not one of ${RANK_METRICS.join(', ')}`);
  return name as RankMetric;
}

/** Best first by `metric`; rows where it is undefined (null) last; ties in grid order. */
export function rankRows(rows: readonly SweepRow[], metric: RankMetric): SweepRow[] {
  return [...rows].sort((a, b) => {
    const x = a[metric];
    const y = b[metric];
    if (x === null || y === null) return x === y ? a.index - b.index : x === null ? 1 : -1;
    return y - x || a.index - b.index;
  });
}

const fixed = (x: number | null, digits: number) => (x === null ? '-' : x.toFixed(digits));

/** The ranked table for a terminal: rank, the grid's parameters, then the figures. */
export function formatTable(rows: readonly SweepRow[], paramNames: readonly string[]): string {
  const header = ['rank', ...paramNames, 'return%', 'maxDD%', 'sharpe', 'sortino', 'trades', 'win%', 'PF', 'exposure%', 'final equity', 'runHash'];
  const body = rows.map((r, k) => [
    String(k + 1),
    ...paramNames.map((p) => String(r.params[p])),
    fixed(r.totalReturnPct, 2),
    fixed(r.maxDrawdownPct, 2),
    fixed(r.sharpe, 3),
    fixed(r.sortino, 3),
    String(r.trades),
    fixed(r.winRatePct, 1),
    fixed(r.profitFactor, 2),
    fixed(r.exposurePct, 1),
    fixed(r.finalEquity, 2),
    r.runHash.slice(0, 12),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c < 1 + paramNames.length ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), ...body.map(line)].join('\n') + '\n';
}

/** Every row as CSV, ranked, numbers exact. */
export function formatCsv(rows: readonly SweepRow[], paramNames: readonly string[]): string {
  const columns = ['rank', ...paramNames, 'totalReturnPct', 'maxDrawdownPct', 'cagrPct', 'sharpe', 'sortino', 'trades', 'winRatePct', 'profitFactor', 'exposurePct', 'finalEquity', 'openPosition', 'runHash'] as const;
  const cell = (x: number | string | boolean | null) => (x === null ? '' : String(x));
  const lines = rows.map((r, k) =>
    [
      k + 1,
      ...paramNames.map((p) => r.params[p]),
      r.totalReturnPct,
      r.maxDrawdownPct,
      r.cagrPct,
      r.sharpe,
      r.sortino,
      r.trades,
      r.winRatePct,
      r.profitFactor,
      r.exposurePct,
      r.finalEquity,
      r.openPosition,
      r.runHash,
    ]
      .map(cell)
      .join(','),
  );
  return [columns.join(','), ...lines].join('\n') + '\n';
}
