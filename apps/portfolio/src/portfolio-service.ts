import { createPortfolioDecider, portfolioSnapshotHooks, summaryOf, type PortfolioState } from '@helios/domain-portfolio';
import type { ServiceDecider, ServiceProcessSpec } from '@helios/nest';
import { PortfolioConfigSchema } from '@helios/contracts';
import { DEFAULT_PORTFOLIO_CONFIG, type PortfolioServiceConfig } from './portfolio-config';

/**
 * Live and paper trading want P&L on every bar, so `emitEveryBar` is on unless the configuration
 * turns it off (a distributed replay of a backtest, which emits P&L on fills only). The snapshot
 * holds the whole state (books, trades, curves, marks); a restored strategy keeps the capital it
 * started with even if `initialCapital` has changed since, as it would across a reconfigure.
 */
export function portfolioServiceDecider(config: PortfolioServiceConfig): ServiceDecider<PortfolioState> {
  return { ...createPortfolioDecider({ ...config, emitEveryBar: config.emitEveryBar ?? true }), ...portfolioSnapshotHooks };
}

/** Total P&L of every strategy: realized (gross) - fees + unrealized. */
export function portfolioPnl(state: PortfolioState): number {
  const s = summaryOf(state);
  return s.realized - s.fees + s.unrealized;
}

/**
 * Positions, cash and P&L per strategy from fills marked at bar closes, by the portfolio decider of
 * libs/domain/portfolio. It reads the order events too, to learn each fill's strategy. A start loads
 * the last snapshot and replays only the tail of its inputs.
 */
export const portfolioService: ServiceProcessSpec<PortfolioState, PortfolioServiceConfig> = {
  name: 'portfolio',
  description: 'P&L per strategy and for the portfolio: pnl.update and pnl.global (libs/domain/portfolio).',
  decider: portfolioServiceDecider,
  inputs: ['order.fill', 'order.new', 'order.reject', 'order.cancel', 'md.candle'],
  configSchema: PortfolioConfigSchema,
  defaultConfig: DEFAULT_PORTFOLIO_CONFIG,
  pnl: portfolioPnl,
  run: 'paper',
};
