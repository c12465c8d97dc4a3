import { medianSpacingMs } from '@helios/domain-market-data';

/**
 * Backtest performance metrics, pure functions of the bar-close equity curve and the closed trades.
 *
 * Conventions (also in docs/adr/0006):
 * - Returns are simple returns of consecutive bar-close equities, r_i = e_i / e_(i-1) - 1.
 * - Annualisation: by the number of bars per year implied by the median bar spacing
 *   (365.25 days / median spacing), so 1-minute bars give 525,960 and daily bars 365.25 (calendar
 *   days, also for exchange-traded series that skip weekends; pass `barsPerYear` to override,
 *   e.g. 252). Risk-free rate 0.
 * - Sharpe = mean(r) / sd(r) x sqrt(barsPerYear), sd with n - 1. Sortino = mean(r) / downside
 *   deviation x sqrt(barsPerYear), downside deviation = sqrt(sum(min(r, 0)^2) / n) (target 0).
 * - CAGR compounds the total return over the calendar span first bar -> last bar (365.25-day years).
 * - Max drawdown: the lowest e_i / peak_i - 1, peak_i the running maximum of bar-close equity, as a
 *   negative percentage. Its duration: the longest stretch from a peak to the first bar back at or
 *   above it (or to the last bar if it never recovers), in bars and in ms.
 * - Trade statistics over closed trades: win rate (pnl > 0), profit factor = gross profit / gross
 *   loss, average trade pnl.
 * - Exposure: the fraction of bars whose close found a position open.
 * A metric that is undefined (no trades, no variance, no losing trade for the profit factor, a
 * zero-length span) is null rather than NaN or Infinity, which JSON cannot carry.
 */
export interface BacktestMetrics {
  totalReturnPct: number;
  cagrPct: number | null;
  sharpe: number | null;
  sortino: number | null;
  maxDrawdownPct: number;
  maxDrawdownDurationBars: number;
  maxDrawdownDurationMs: number;
  winRatePct: number | null;
  profitFactor: number | null;
  exposurePct: number;
  tradeCount: number;
  averageTrade: number | null;
  barsPerYear: number;
}

export interface MetricsInput {
  /** Bar open times, ms since epoch, increasing. */
  time: ArrayLike<number>;
  /** Equity at each bar's close, same length as `time`. */
  equity: ArrayLike<number>;
  /** Equity before the first bar (the starting cash). */
  initialEquity: number;
  /** Closed trades' profit and loss, net of fees. */
  tradePnls: ArrayLike<number>;
  /** How many bars closed with a position open. */
  exposedBars: number;
  /** Overrides the bars per year inferred from the median bar spacing. */
  barsPerYear?: number;
  /** The median bar spacing in ms, if the caller already knows it (saves a pass). */
  barSpacingMs?: number;
}

export const YEAR_MS = 365.25 * 86_400_000;

export interface Drawdown {
  /** Lowest e / peak - 1, <= 0. */
  maxDrawdown: number;
  durationBars: number;
  durationMs: number;
}

export function maxDrawdown(time: ArrayLike<number>, equity: ArrayLike<number>): Drawdown {
  const n = equity.length;
  if (n === 0) return { maxDrawdown: 0, durationBars: 0, durationMs: 0 };
  let peak = equity[0];
  let peakAt = 0;
  let underwater = false;
  let deepest = 0;
  let longestBars = 0;
  let longestMs = 0;
  const closeStretch = (endAt: number) => {
    const bars = endAt - peakAt;
    if (bars > longestBars) {
      longestBars = bars;
      longestMs = time[endAt] - time[peakAt];
    }
  };
  for (let i = 1; i < n; i++) {
    const e = equity[i];
    if (e >= peak) {
      if (underwater) closeStretch(i);
      underwater = false;
      peak = e;
      peakAt = i;
    } else {
      underwater = true;
      const dd = e / peak - 1;
      if (dd < deepest) deepest = dd;
    }
  }
  if (underwater) closeStretch(n - 1);
  return { maxDrawdown: deepest, durationBars: longestBars, durationMs: longestMs };
}

export interface ReturnRatios {
  sharpe: number | null;
  sortino: number | null;
}

/** Sharpe and Sortino of the bar-to-bar returns of `equity`, annualised by `barsPerYear`. */
export function returnRatios(equity: ArrayLike<number>, barsPerYear: number): ReturnRatios {
  const n = equity.length - 1;
  if (n < 2) return { sharpe: null, sortino: null };
  let sum = 0;
  for (let i = 1; i <= n; i++) sum += equity[i] / equity[i - 1] - 1;
  const mean = sum / n;
  let squares = 0;
  let downside = 0;
  for (let i = 1; i <= n; i++) {
    const r = equity[i] / equity[i - 1] - 1;
    squares += (r - mean) * (r - mean);
    if (r < 0) downside += r * r;
  }
  const sd = Math.sqrt(squares / (n - 1));
  const downsideDeviation = Math.sqrt(downside / n);
  const scale = Math.sqrt(barsPerYear);
  return {
    sharpe: sd > 0 ? (mean / sd) * scale : null,
    sortino: downsideDeviation > 0 ? (mean / downsideDeviation) * scale : null,
  };
}

export interface TradeStats {
  tradeCount: number;
  winRatePct: number | null;
  profitFactor: number | null;
  averageTrade: number | null;
}

export function tradeStats(pnls: ArrayLike<number>): TradeStats {
  const count = pnls.length;
  if (count === 0) return { tradeCount: 0, winRatePct: null, profitFactor: null, averageTrade: null };
  let wins = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  for (let i = 0; i < count; i++) {
    const p = pnls[i];
    if (p > 0) {
      wins++;
      grossProfit += p;
    } else {
      grossLoss -= p;
    }
  }
  return {
    tradeCount: count,
    winRatePct: (wins / count) * 100,
    profitFactor: grossLoss > 0 ? grossProfit / grossLoss : null,
    averageTrade: (grossProfit - grossLoss) / count,
  };
}

export function computeMetrics(input: MetricsInput): BacktestMetrics {
  const { time, equity, initialEquity, tradePnls, exposedBars } = input;
  const n = equity.length;
  if (time.length !== n) throw new Error(`computeMetrics: time has ${time.length} entries but equity has ${n}`);
  if (!(initialEquity > 0)) throw new Error(`computeMetrics: initialEquity must be > 0, got ${initialEquity}`);
  const spacing = input.barSpacingMs ?? medianSpacingMs(time);
  const barsPerYear = input.barsPerYear ?? (spacing > 0 ? YEAR_MS / spacing : NaN);
  if (input.barsPerYear !== undefined && !(input.barsPerYear > 0)) {
    throw new Error(`computeMetrics: barsPerYear must be > 0, got ${input.barsPerYear}`);
  }

  const finalEquity = n > 0 ? equity[n - 1] : initialEquity;
  const growth = finalEquity / initialEquity;
  const years = n > 1 ? (time[n - 1] - time[0]) / YEAR_MS : 0;
  const drawdown = maxDrawdown(time, equity);
  const ratios = barsPerYear > 0 ? returnRatios(equity, barsPerYear) : { sharpe: null, sortino: null };
  return {
    totalReturnPct: (growth - 1) * 100,
    cagrPct: years > 0 && growth > 0 ? (growth ** (1 / years) - 1) * 100 : null,
    sharpe: ratios.sharpe,
    sortino: ratios.sortino,
    maxDrawdownPct: drawdown.maxDrawdown * 100,
    maxDrawdownDurationBars: drawdown.durationBars,
    maxDrawdownDurationMs: drawdown.durationMs,
    ...tradeStats(tradePnls),
    exposurePct: n > 0 ? (exposedBars / n) * 100 : 0,
    barsPerYear: barsPerYear > 0 ? barsPerYear : 0,
  };
}
