import type { HeliosEvent } from '@helios/contracts';
import type { Decider } from '@helios/domain-core';
import type { OhlcvSeries } from '@helios/domain-market-data';
import type { RiskConfigInput } from '@helios/domain-risk';
import type { BacktestClock } from '../clock/backtest-clock';
import type { InMemoryBus } from '../in-memory-bus';
import type { BacktestMetrics } from './metrics';

/** The strategy under test: any decider that turns candles into `strategy.intent`s. */
export interface BacktestStrategy {
  /** Strategy id on intents, orders and P&L (an id: letters, digits, `-`, `_`). */
  readonly id: string;
  // The driver does not look into the strategy's state.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly decider: Decider<any, any, HeliosEvent<'strategy.intent'>>;
  /** Event types it consumes; default `md.candle`. */
  readonly inputs?: readonly string[];
}

export interface BacktestOptions {
  readonly series: OhlcvSeries;
  readonly symbol: string;
  /** Default `backtest`. */
  readonly venue?: string;
  /** Bar timeframe, e.g. `1h`; default: the series' median bar spacing. */
  readonly tf?: string;
  readonly strategy: BacktestStrategy;
  /** Starting cash (quote currency), default 10,000. */
  readonly cash?: number;
  /** Quantities are whole multiples of this, default 1. */
  readonly lotSize?: number;
  /** Taker (and maker) fee in basis points of notional, default 0. */
  readonly feeBps?: number;
  /** Market fills move against the taker by this many basis points, default 0. */
  readonly slippageBps?: number;
  /** Risk limits; default: the strategy allowed at allocation 1 and no limit switched on. */
  readonly risk?: RiskConfigInput;
  /** The envelopes' `run`, default `backtest`. */
  readonly runId?: string;
  /**
   * `direct` (default): events go straight from decider to decider, the fast path.
   * `bus`: every event is also published on an InMemoryBus (stored, de-duplicated, delivered to
   * any consumer of `bus`), and each bar waits for the bus to go idle. Same deciders, same order,
   * same events and run hash; slower.
   */
  readonly transport?: 'direct' | 'bus';
  /**
   * With transport `bus`: use this bus (and advance its clock, which must be a BacktestClock at or
   * before the first bar's close) instead of a private one, and leave it open, so the caller can
   * consume and replay the run's events.
   */
  readonly bus?: { readonly bus: InMemoryBus; readonly clock: BacktestClock };
  /** Put the bar-by-bar equity curve in the result (default true; sweeps leave it out). */
  readonly includeEquityCurve?: boolean;
  /** Keep every event of the run in `events` (tests, debugging). */
  readonly recordEvents?: boolean;
  /** Annualisation override for the metrics; default from the median bar spacing. */
  readonly barsPerYear?: number;
  /** Called every `progressEvery` bars (default 65,536) and at the end. */
  readonly onProgress?: (barsDone: number, barsTotal: number) => void;
  readonly progressEvery?: number;
}

/** A closed round trip. Times are bar open times as in the input: the bar at whose open a fill executed. */
export interface TradeRecord {
  side: 'long' | 'short';
  qty: number;
  entryTs: number;
  entryPrice: number;
  exitTs: number;
  exitPrice: number;
  /** Price P&L minus the trade's fees. */
  pnl: number;
  fees: number;
}

export interface OpenPositionRecord {
  side: 'long' | 'short';
  qty: number;
  entryTs: number;
  /** Average entry price. */
  entryPrice: number;
  /** The last close, at which the position is marked. */
  markPrice: number;
  unrealizedPnl: number;
  /** Fees paid so far in this trade (already out of cash). */
  fees: number;
}

export interface BacktestResult {
  strategyId: string;
  symbol: string;
  tf: string;
  bars: number;
  /** Bar open time of the first and last bar. */
  from: number | null;
  to: number | null;
  cash: number;
  finalEquity: number;
  totalReturnPct: number;
  /** Deepest fall of bar-close equity below its running peak, percent, <= 0. */
  maxDrawdownPct: number;
  trades: TradeRecord[];
  openPosition: OpenPositionRecord | null;
  metrics: BacktestMetrics;
  /** Equity at each bar's close; `ts` is the bar's open time as in the input. Empty without `includeEquityCurve`. */
  equityCurve: Array<{ ts: number; equity: number }>;
  /** Hash over every event of the run in bus order (see RunHasher). */
  runHash: string;
  /** Why the run traded less than its strategy asked (rejections, unsizable targets), with counts; empty when nothing was refused. */
  warnings: string[];
  /** Events published, by type (candles included). */
  eventCounts: Record<string, number>;
  /** Simulation time only (not loading the data), ms. */
  elapsedMs: number;
  /** Every event in bus order, with `recordEvents`. */
  events?: HeliosEvent[];
}
