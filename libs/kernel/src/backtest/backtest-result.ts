import type { HeliosEvent } from '@helios/contracts';
import type { OrdersState } from '@helios/domain-orders';
import { closedTrades, equityCurve, openPositions, type PortfolioState } from '@helios/domain-portfolio';
import type { BacktestResult, OpenPositionRecord, TradeRecord } from './backtest-types';
import { barOpenTimeAt, type BacktestSettings } from './backtest-settings';
import { computeMetrics } from './metrics';
import type { RunWarnings } from './run-warnings';

/** What a finished run leaves behind, whoever ran the deciders (in process or as services). */
export interface FinishedRun {
  settings: BacktestSettings;
  closeTimes: Float64Array;
  portfolio: PortfolioState;
  orders: OrdersState;
  runHash: string;
  warnings: RunWarnings;
  /** Events by type, candles included. */
  counts: Map<string, number>;
  /** Bars that closed with a position open. */
  exposedBars: number;
  elapsedMs: number;
  events?: HeliosEvent[];
}

/** The result of a run from the portfolio's and the order engine's final states: trades, metrics, curve. */
export function backtestResult(run: FinishedRun): BacktestResult {
  const { settings, closeTimes, portfolio: state } = run;
  const { series, strategy, cash } = settings;
  const n = series.length;
  const time = series.time;
  run.warnings.addAnomalies(run.orders.anomalies);
  const curve = equityCurve(state, strategy.id);
  if (curve.equity.length !== n) {
    throw new Error(`runBacktest: the portfolio marked ${curve.equity.length} bar closes for ${n} bars; candles were not all marked`);
  }
  const openTimeOf = (eventTs: number) => barOpenTimeAt(series, closeTimes, eventTs);
  const trades: TradeRecord[] = closedTrades(state, strategy.id).map((t) => ({
    side: t.side,
    qty: t.qty,
    entryTs: openTimeOf(t.entryTs),
    entryPrice: t.entryPrice,
    exitTs: openTimeOf(t.exitTs),
    exitPrice: t.exitPrice,
    pnl: t.pnl,
    fees: t.fees,
  }));
  const open0 = openPositions(state, strategy.id)[0];
  const openPosition: OpenPositionRecord | null =
    open0 === undefined
      ? null
      : {
          side: open0.qty > 0 ? 'long' : 'short',
          qty: Math.abs(open0.qty),
          entryTs: openTimeOf(open0.entryTs),
          entryPrice: open0.avgPrice,
          markPrice: open0.mark,
          unrealizedPnl: open0.unrealized,
          fees: open0.fees,
        };
  const finalEquity = n > 0 ? curve.equity[n - 1] : cash;
  const metrics = computeMetrics({
    time,
    equity: curve.equity,
    initialEquity: cash,
    tradePnls: trades.map((t) => t.pnl),
    exposedBars: run.exposedBars,
    barsPerYear: settings.barsPerYear,
    barSpacingMs: settings.barSpacingMs,
  });
  const result: BacktestResult = {
    strategyId: strategy.id,
    symbol: settings.symbol,
    tf: settings.tf,
    bars: n,
    from: n > 0 ? time[0] : null,
    to: n > 0 ? time[n - 1] : null,
    cash,
    finalEquity,
    totalReturnPct: metrics.totalReturnPct,
    maxDrawdownPct: metrics.maxDrawdownPct,
    trades,
    openPosition,
    metrics,
    equityCurve: settings.includeEquityCurve ? Array.from(curve.equity, (equity, i) => ({ ts: time[i], equity })) : [],
    runHash: run.runHash,
    warnings: run.warnings.list(),
    eventCounts: Object.fromEntries([...run.counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    elapsedMs: run.elapsedMs,
  };
  if (run.events !== undefined) result.events = run.events;
  return result;
}
