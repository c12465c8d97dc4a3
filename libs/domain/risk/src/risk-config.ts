import type { Static } from 'typebox';
import {
  describeIssues,
  RiskDrawdownLimitsSchema as DrawdownLimitsSchema,
  RiskInstrumentLimitsSchema as InstrumentLimitsSchema,
  makeIssue,
  RiskConfigSchema,
  schemaIssues,
  RiskStrategySchema as StrategyRiskSchema,
  type RiskConfigInput,
  type ValidationIssue,
} from '@helios/contracts';

// The schema is the contracts' (libs/contracts/src/config/risk-gate.ts), shared with the supervisor.
export { RiskConfigSchema, type RiskConfigInput };

/*
 * Limits of the risk gate. Every limit is optional; an absent limit is "off" (resolved to Infinity so
 * the checks stay branch-free). What is NOT optional is knowledge: a strategy the config does not
 * name is rejected unless `defaultStrategy` is given, and a weight target needs an equity (from a
 * `pnl.update` or `initialEquity`), so an unconfigured gate fails closed.
 */

type StrategyRiskInput = Static<typeof StrategyRiskSchema>;
type InstrumentLimitsInput = Static<typeof InstrumentLimitsSchema>;
type DrawdownInput = Static<typeof DrawdownLimitsSchema>;

export type DrawdownWindow = 'all' | 'day';

export interface DrawdownLimits {
  readonly reduceOnlyAtPct: number;
  readonly haltAtPct: number;
  readonly liquidateAtPct: number;
  /** `all`: from the highest equity ever seen; `day`: from the highest since the UTC day of the event time began. */
  readonly window: DrawdownWindow;
}

export interface OrderRateLimit {
  readonly maxApprovals: number;
  readonly windowMs: number;
}

export interface InstrumentLimits {
  readonly maxPositionQty: number;
  readonly maxPositionNotional: number;
  readonly maxOrderNotional: number;
  readonly priceCollarBps: number;
  readonly maxMarkAgeMs: number;
}

export interface StrategyRiskLimits {
  readonly allocation: number;
  /** NaN when not configured. */
  readonly initialEquity: number;
  readonly drawdown: DrawdownLimits;
  readonly orderRate: OrderRateLimit;
}

/** The validated config with every default applied; "off" limits are Infinity. */
export interface RiskConfig {
  readonly limitsVersion: number;
  readonly src: string;
  readonly strategies: ReadonlyMap<string, StrategyRiskLimits>;
  readonly defaultStrategy: StrategyRiskLimits | null;
  readonly instruments: ReadonlyMap<string, InstrumentLimits>;
  readonly instrumentDefaults: InstrumentLimits;
  readonly maxGrossExposure: number;
  readonly maxGrossExposureMultiple: number;
  readonly portfolioDrawdown: DrawdownLimits;
}

/**
 * Five minutes: a bar-driven intent is stamped with its candle's time, so its mark is 0 ms old; an
 * older mark means the instrument's feed stopped while another one still drives the strategy.
 */
export const DEFAULT_MAX_MARK_AGE_MS = 300_000;
/** A runaway loop guard that no bar-driven strategy reaches: one approval per second on average. */
export const DEFAULT_ORDER_RATE: OrderRateLimit = { maxApprovals: 60, windowMs: 60_000 };
export const DEFAULT_RISK_SRC = 'risk-gate';

export class RiskConfigError extends Error {
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(`risk config is invalid: ${describeIssues(issues)}`);
    this.name = 'RiskConfigError';
  }
}

const off = (n: number | undefined) => n ?? Infinity;

function resolveDrawdown(d: DrawdownInput | undefined, fallback: DrawdownLimits): DrawdownLimits {
  if (!d) return fallback;
  return { reduceOnlyAtPct: off(d.reduceOnlyAtPct), haltAtPct: off(d.haltAtPct), liquidateAtPct: off(d.liquidateAtPct), window: d.window ?? 'all' };
}

/** Every drawdown limit of the config: the portfolio's, the default strategy's and each strategy's. */
function drawdownLimitsOf(config: RiskConfig): DrawdownLimits[] {
  const strategies = [...config.strategies.values()].map((s) => s.drawdown);
  return [config.portfolioDrawdown, ...(config.defaultStrategy === null ? [] : [config.defaultStrategy.drawdown]), ...strategies];
}

/**
 * Whether the config has a limit on the equity's path (a drawdown level, or gross exposure as a
 * multiple of equity): the gate then needs the equity of every bar, as paper trading's portfolio
 * publishes it, not only at fills.
 */
export function followsEquity(config: RiskConfig): boolean {
  const limited = (d: DrawdownLimits) => d.reduceOnlyAtPct !== Infinity || d.haltAtPct !== Infinity || d.liquidateAtPct !== Infinity;
  return config.maxGrossExposureMultiple !== Infinity || drawdownLimitsOf(config).some(limited);
}

/** Whether any drawdown limit of the config liquidates (the gate then acts on P&L events, not only on intents). */
export function liquidates(config: RiskConfig): boolean {
  return drawdownLimitsOf(config).some((d) => d.liquidateAtPct !== Infinity);
}

function resolveInstrument(i: InstrumentLimitsInput | undefined, base: InstrumentLimits): InstrumentLimits {
  if (!i) return base;
  return {
    maxPositionQty: i.maxPositionQty ?? base.maxPositionQty,
    maxPositionNotional: i.maxPositionNotional ?? base.maxPositionNotional,
    maxOrderNotional: i.maxOrderNotional ?? base.maxOrderNotional,
    priceCollarBps: i.priceCollarBps ?? base.priceCollarBps,
    maxMarkAgeMs: i.maxMarkAgeMs ?? base.maxMarkAgeMs,
  };
}

function resolveStrategy(s: StrategyRiskInput, drawdown: DrawdownLimits, orderRate: OrderRateLimit): StrategyRiskLimits {
  return {
    allocation: s.allocation,
    initialEquity: s.initialEquity ?? NaN,
    drawdown: resolveDrawdown(s.drawdown, drawdown),
    orderRate: s.orderRate ?? orderRate,
  };
}

/** A drawdown limit's levels in the order they escalate: each given one at most the next given one. */
export const DRAWDOWN_LEVELS = ['reduceOnlyAtPct', 'haltAtPct', 'liquidateAtPct'] as const;

function drawdownOrderIssues(path: string, d: DrawdownInput | undefined): ValidationIssue[] {
  if (!d) return [];
  const issues: ValidationIssue[] = [];
  for (let i = 0; i < DRAWDOWN_LEVELS.length; i++) {
    for (let j = i + 1; j < DRAWDOWN_LEVELS.length; j++) {
      const [lower, higher] = [DRAWDOWN_LEVELS[i], DRAWDOWN_LEVELS[j]];
      const a = d[lower];
      const b = d[higher];
      if (a !== undefined && b !== undefined && a > b) issues.push(makeIssue(`${path}/${lower}`, 'order', `${lower} (${a}) must be <= ${higher} (${b})`));
    }
  }
  return issues;
}

/** Validates a user config and applies the defaults; throws RiskConfigError naming every bad field. */
export function resolveRiskConfig(input: RiskConfigInput = {}): RiskConfig {
  const issues = schemaIssues(RiskConfigSchema, input);
  if (issues.length === 0) {
    issues.push(...drawdownOrderIssues('/drawdown', input.drawdown), ...drawdownOrderIssues('/portfolioDrawdown', input.portfolioDrawdown));
    if (input.defaultStrategy) issues.push(...drawdownOrderIssues('/defaultStrategy/drawdown', input.defaultStrategy.drawdown));
    for (const [id, s] of Object.entries(input.strategies ?? {})) issues.push(...drawdownOrderIssues(`/strategies/${id}/drawdown`, s.drawdown));
  }
  if (issues.length > 0) throw new RiskConfigError(issues);

  const noDrawdown: DrawdownLimits = { reduceOnlyAtPct: Infinity, haltAtPct: Infinity, liquidateAtPct: Infinity, window: 'all' };
  const drawdown = resolveDrawdown(input.drawdown, noDrawdown);
  const orderRate = input.orderRate ?? DEFAULT_ORDER_RATE;
  const instrumentDefaults = resolveInstrument(input.instrumentDefaults, {
    maxPositionQty: Infinity,
    maxPositionNotional: Infinity,
    maxOrderNotional: Infinity,
    priceCollarBps: Infinity,
    maxMarkAgeMs: DEFAULT_MAX_MARK_AGE_MS,
  });
  const strategies = new Map<string, StrategyRiskLimits>();
  for (const [id, s] of Object.entries(input.strategies ?? {})) strategies.set(id, resolveStrategy(s, drawdown, orderRate));
  const instruments = new Map<string, InstrumentLimits>();
  for (const [id, i] of Object.entries(input.instruments ?? {})) instruments.set(id, resolveInstrument(i, instrumentDefaults));

  return {
    limitsVersion: input.limitsVersion ?? 0,
    src: input.src ?? DEFAULT_RISK_SRC,
    strategies,
    defaultStrategy: input.defaultStrategy ? resolveStrategy(input.defaultStrategy, drawdown, orderRate) : null,
    instruments,
    instrumentDefaults,
    maxGrossExposure: off(input.maxGrossExposure),
    maxGrossExposureMultiple: off(input.maxGrossExposureMultiple),
    portfolioDrawdown: resolveDrawdown(input.portfolioDrawdown, noDrawdown),
  };
}

export function strategyLimits(config: RiskConfig, strategyId: string): StrategyRiskLimits | null {
  return config.strategies.get(strategyId) ?? config.defaultStrategy;
}

export function instrumentLimits(config: RiskConfig, instrument: string): InstrumentLimits {
  return config.instruments.get(instrument) ?? config.instrumentDefaults;
}
