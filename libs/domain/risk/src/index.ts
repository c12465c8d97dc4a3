export {
  createRiskDecider,
  RISK_INPUT_TYPES,
  type RiskDecider,
  type RiskInput,
  type RiskInputType,
  type RiskOutput,
} from './risk-decider';
export {
  resolveRiskConfig,
  followsEquity,
  strategyLimits,
  instrumentLimits,
  RiskConfigSchema,
  RiskConfigError,
  DEFAULT_MAX_MARK_AGE_MS,
  DEFAULT_ORDER_RATE,
  DEFAULT_RISK_SRC,
  DRAWDOWN_LEVELS,
  type RiskConfig,
  type RiskConfigInput,
  type StrategyRiskLimits,
  type InstrumentLimits,
  type DrawdownLimits,
  type DrawdownWindow,
  type OrderRateLimit,
} from './risk-config';
export {
  initialRiskState,
  exposureOf,
  netExposureExcluding,
  type RiskState,
  type StrategyRiskBook,
  type Mark,
  type HaltState,
} from './risk-state';
export { RISK_RULES, type RiskRule } from './reasons';
export { drawdownPct, drawdownStatus, type DrawdownLevel, type DrawdownStatus } from './drawdown';
export { holdNetWithin, type NetLimitResult, type NetLimitStatus } from './net-limit';
export { portfolioEquity } from './portfolio-equity';
export { DAY_MS, maxKnown, newEquityPeaks, observeEquity, peakOf, type EquityPeaks } from './equity-peaks';
export { approvalsWithin, type ApprovalWindow } from './approval-window';
export {
  riskToSnapshot,
  riskFromSnapshot,
  riskSnapshotHooks,
  RISK_SNAPSHOT_VERSION,
  type RiskSnapshot,
  type StrategyRiskBookSnapshot,
  type EquityPeaksSnapshot,
  type MarkSnapshot,
  type ApprovalWindowSnapshot,
} from './snapshot';
