// The result JSON of a run (what `helios backtest --out` and POST /backtests produce), read defensively:
// an older or partial result still shows what it has.
import type { EquityPoint, TradeLike } from '../charts/chart-data';

export interface TradeRow extends TradeLike {
  fees: number;
}

export interface BacktestView {
  strategy?: { name: string; params: Record<string, number> };
  data?: { file: string; symbol: string; tf: string; bars: number };
  finalEquity?: number;
  totalReturnPct?: number;
  maxDrawdownPct?: number;
  metrics: Record<string, number | null>;
  trades: TradeRow[];
  equityCurve: EquityPoint[];
  warnings: string[];
  runHash?: string;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function readBacktest(result: Record<string, unknown> | undefined): BacktestView {
  const r = result ?? {};
  const metrics: Record<string, number | null> = {};
  for (const [k, v] of Object.entries((r['metrics'] as Record<string, unknown>) ?? {})) {
    if (typeof v === 'number' || v === null) metrics[k] = v;
  }
  return {
    strategy: r['strategy'] as BacktestView['strategy'],
    data: r['data'] as BacktestView['data'],
    finalEquity: num(r['finalEquity']),
    totalReturnPct: num(r['totalReturnPct']),
    maxDrawdownPct: num(r['maxDrawdownPct']),
    metrics,
    trades: Array.isArray(r['trades']) ? (r['trades'] as TradeRow[]) : [],
    equityCurve: Array.isArray(r['equityCurve']) ? (r['equityCurve'] as EquityPoint[]) : [],
    warnings: Array.isArray(r['warnings']) ? (r['warnings'] as string[]) : [],
    runHash: typeof r['runHash'] === 'string' ? r['runHash'] : undefined,
  };
}

/** The headline metrics in the order a trader reads them, with their formats. */
export const HEADLINE: ReadonlyArray<{ key: string; label: string; format: (v: number) => string }> = [
  { key: 'totalReturnPct', label: 'Return', format: (v) => `${v >= 0 ? '+' : ''}${v.toFixed(2)}%` },
  { key: 'maxDrawdownPct', label: 'Max drawdown', format: (v) => `${v.toFixed(2)}%` },
  { key: 'sharpe', label: 'Sharpe', format: (v) => v.toFixed(2) },
  { key: 'sortino', label: 'Sortino', format: (v) => v.toFixed(2) },
  { key: 'cagrPct', label: 'CAGR', format: (v) => `${v.toFixed(2)}%` },
  { key: 'winRatePct', label: 'Win rate', format: (v) => `${v.toFixed(1)}%` },
  { key: 'profitFactor', label: 'Profit factor', format: (v) => v.toFixed(2) },
  { key: 'tradeCount', label: 'Trades', format: (v) => String(v) },
  { key: 'exposurePct', label: 'Exposure', format: (v) => `${v.toFixed(1)}%` },
  { key: 'finalEquity', label: 'Final equity', format: (v) => v.toFixed(2) },
];

/** Every headline metric of a result: from `metrics`, with the top-level numbers over them. */
export function headlineValues(view: BacktestView): Record<string, number | null> {
  return {
    ...view.metrics,
    ...(view.totalReturnPct !== undefined ? { totalReturnPct: view.totalReturnPct } : {}),
    ...(view.maxDrawdownPct !== undefined ? { maxDrawdownPct: view.maxDrawdownPct } : {}),
    ...(view.finalEquity !== undefined ? { finalEquity: view.finalEquity } : {}),
  };
}

export function formatMetric(key: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const h = HEADLINE.find((m) => m.key === key);
  return h ? h.format(value) : Number.isInteger(value) ? String(value) : value.toFixed(3);
}
