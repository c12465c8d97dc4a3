import { peakOf } from './equity-peaks';
import type { RiskConfig } from './risk-config';
import type { RiskState } from './risk-state';

/**
 * Portfolio equity: the latest `pnl.global`, or before the first one the sum of every known
 * strategy's equity (configured initial equities and `pnl.update`s). NaN when any is unknown.
 */
export function portfolioEquity(config: RiskConfig, state: RiskState): number {
  if (!Number.isNaN(state.portfolio.equity)) return state.portfolio.equity;
  let sum = 0;
  let seen = 0;
  for (const [id, limits] of config.strategies) {
    if (state.books.has(id)) continue;
    sum += limits.initialEquity;
    seen++;
  }
  for (const book of state.books.values()) {
    sum += book.equity;
    seen++;
  }
  return seen > 0 ? sum : NaN;
}

/**
 * Peak of the portfolio equity over the portfolio drawdown's window at event time `ts`: from the
 * `pnl.global`s, else (before the first) the pre-pnl.global equity itself.
 */
export function portfolioPeak(config: RiskConfig, state: RiskState, ts: number): number {
  return Number.isNaN(state.portfolio.peakEquity) ? portfolioEquity(config, state) : peakOf(state.portfolio, config.portfolioDrawdown.window, ts);
}
