import type { PortfolioConfigInput } from '@helios/contracts';
import type { PortfolioConfig } from '@helios/domain-portfolio';

// The schema is in libs/contracts/src/config/portfolio.ts (shared with the supervisor); the defaults are the service's.
export type PortfolioServiceConfig = PortfolioConfigInput & PortfolioConfig;

/**
 * Strategies not named in `initialCapital` start with 10,000 (the `helios backtest` default cash).
 * A long-running service keeps no per-bar curve (peaks and drawdowns are still tracked).
 */
export const DEFAULT_PORTFOLIO_CONFIG: PortfolioServiceConfig = {
  defaultCapital: 10_000,
  recordCurve: false,
};
