import type { MarketSettings } from '../backtest/market-flags';
import type { StrategySource } from '../strategy/strategy-source';
import type { SharedSeries } from './shared-series';

/** What every worker is started with. */
export interface SweepJob {
  series: SharedSeries;
  source: StrategySource;
  /** Fixed parameters (`--param`), under the grid's. */
  baseParams: Record<string, number>;
  market: MarketSettings;
  tf: string;
}

/** One row of the sweep: the parameters and the figures a ranking needs. */
export interface SweepRow {
  index: number;
  params: Record<string, number>;
  finalEquity: number;
  totalReturnPct: number;
  maxDrawdownPct: number;
  cagrPct: number | null;
  sharpe: number | null;
  sortino: number | null;
  profitFactor: number | null;
  winRatePct: number | null;
  exposurePct: number;
  trades: number;
  openPosition: boolean;
  runHash: string;
  elapsedMs: number;
  /** What `helios backtest` would print as warnings for this variant (e.g. orders too small for one lot). */
  warnings: string[];
}

export type ToWorker = { kind: 'run'; index: number; params: Record<string, number> } | { kind: 'stop' };
export type FromWorker = { kind: 'ready' } | { kind: 'row'; row: SweepRow } | { kind: 'failed'; index: number; message: string };
