import type { OhlcvSeries } from '@helios/domain-market-data';
import { runVariant } from '../backtest/run-file-backtest';
import type { SweepJob, SweepRow } from './sweep-protocol';

/** Runs one grid point and keeps only the figures a ranking needs (no curve, no trade list). */
export async function runSweepVariant(series: OhlcvSeries, job: SweepJob, index: number, params: Record<string, number>): Promise<SweepRow> {
  const { result } = await runVariant(series, {
    source: job.source,
    params: { ...job.baseParams, ...params },
    market: job.market,
    tf: job.tf,
    includeEquityCurve: false,
  });
  const m = result.metrics;
  return {
    index,
    params,
    finalEquity: result.finalEquity,
    totalReturnPct: result.totalReturnPct,
    maxDrawdownPct: result.maxDrawdownPct,
    cagrPct: m.cagrPct,
    sharpe: m.sharpe,
    sortino: m.sortino,
    profitFactor: m.profitFactor,
    winRatePct: m.winRatePct,
    exposurePct: m.exposurePct,
    trades: m.tradeCount,
    openPosition: result.openPosition !== null,
    runHash: result.runHash,
    elapsedMs: result.elapsedMs,
    warnings: result.warnings,
  };
}
