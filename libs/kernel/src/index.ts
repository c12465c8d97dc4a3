export * from './ports/clock';
export * from './ports/bus';
export * from './clock/live-clock';
export * from './clock/backtest-clock';
export * from './clock/replay-clock';
export { compileSubjectMatcher, type SubjectMatcher } from './subject/subject-matcher';
export { InMemoryBus, DEFAULT_DUPLICATE_WINDOW_MS, type InMemoryBusOptions } from './in-memory-bus';
export type { StreamLayout } from './in-memory/stream-router';
export { DEFAULT_MAX_DELIVER } from './in-memory/consume-options';
export { buildDeadLetter, type DeadLetterFactory, type DeadLetterRequest } from './in-memory/dead-letter';
export { runBacktest } from './backtest/run-backtest';
export type { BacktestOptions, BacktestResult, BacktestStrategy, OpenPositionRecord, TradeRecord } from './backtest/backtest-types';
export { computeMetrics, maxDrawdown, returnRatios, tradeStats, YEAR_MS, type BacktestMetrics, type Drawdown, type MetricsInput, type ReturnRatios, type TradeStats } from './backtest/metrics';
export { RunHasher } from './backtest/run-hash';
export { RunWarnings } from './backtest/run-warnings';
export { backtestResult, type FinishedRun } from './backtest/backtest-result';
export { backtestReport, type BacktestReport, type BacktestReportInput } from './backtest/backtest-report';
export {
  BACKTEST_ACCOUNT,
  backtestDeciderConfigs,
  closeTimesOf,
  EXCHANGE_INPUTS,
  MARKET_DATA_SRC,
  PORTFOLIO_INPUTS,
  resolveBacktestSettings,
  type BacktestDeciderConfigs,
  type BacktestSettings,
} from './backtest/backtest-settings';
export { SeriesCandle, SeriesCandles, type CandleSeriesMeta } from './backtest/series-candle';
export { PipelineError, stage, SyncPipeline, type PipelineStage } from './backtest/sync-pipeline';
export { readFlags, type FlagShape, type ReadFlagsOptions } from './cli/read-flags';
