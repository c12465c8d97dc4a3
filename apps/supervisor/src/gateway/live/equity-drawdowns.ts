import { newEquityPeaks, observeEquity, type EquityPeaks } from '@helios/domain-risk';

/** The equities of the portfolio and of each strategy, with the peaks the risk gate measures drawdowns from. */
export interface EquityPeaksNow {
  /** From `pnl.global`; undefined before the first. */
  portfolio?: Readonly<EquityPeaks>;
  /** From each strategy's `pnl.update`s, by strategy id. */
  strategies: ReadonlyMap<string, Readonly<EquityPeaks>>;
}

/**
 * Follows the equities the gateway sees the way the risk gate does (`observeEquity`, event time), so
 * that the usage of a drawdown limit can be shown for either window: from the highest equity ever,
 * and from the highest since the UTC day began. `pnl.global` carries only the former.
 */
export class EquityDrawdowns implements EquityPeaksNow {
  portfolio: EquityPeaks | undefined;
  readonly strategies = new Map<string, EquityPeaks>();

  observePortfolio(equity: number, ts: number): void {
    this.portfolio ??= newEquityPeaks();
    observeEquity(this.portfolio, equity, ts);
  }

  observeStrategy(strategyId: string, equity: number, ts: number): void {
    let peaks = this.strategies.get(strategyId);
    if (peaks === undefined) this.strategies.set(strategyId, (peaks = newEquityPeaks()));
    observeEquity(peaks, equity, ts);
  }
}
