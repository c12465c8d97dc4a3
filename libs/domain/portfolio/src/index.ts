export * from './portfolio-config';
export * from './portfolio-decider';
export * from './portfolio-read';
export type { InstrumentMark, PortfolioInput, PortfolioOutput, PortfolioState, PositionBook, StrategyBook } from './portfolio-state';
export type { ClosedTrade, OpenTrade } from './trades';
export type { Summary } from './valuation';
export { fillEffect, type FillEffect } from './position-math';
export { drawdownPct, type EquityCurve } from './equity-curve';
export {
  portfolioToSnapshot,
  portfolioFromSnapshot,
  portfolioSnapshotHooks,
  PORTFOLIO_SNAPSHOT_VERSION,
  type PortfolioSnapshot,
  type StrategyBookSnapshot,
  type PositionSnapshot,
  type InstrumentMarkSnapshot,
  type EquityCurveSnapshot,
  type OpenTradeSnapshot,
  type ClosedTradeSnapshot,
} from './snapshot';
