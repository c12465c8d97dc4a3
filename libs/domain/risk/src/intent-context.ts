import type { HeliosEvent, RiskReason } from '@helios/contracts';
import { approvalsWithin, windowFull } from './approval-window';
import { drawdownStatus, type DrawdownStatus } from './drawdown';
import { peakOf } from './equity-peaks';
import { portfolioEquity, portfolioPeak } from './portfolio-equity';
import { fmt, reason } from './reasons';
import { strategyLimits, type RiskConfig, type StrategyRiskLimits } from './risk-config';
import type { RiskState, StrategyRiskBook } from './risk-state';

/** Everything about one intent that does not depend on which of its targets is checked. */
export interface IntentContext {
  readonly config: RiskConfig;
  readonly state: RiskState;
  readonly ts: number;
  readonly strategyId: string;
  /** null: the config does not know the strategy. */
  readonly limits: StrategyRiskLimits | null;
  readonly book: StrategyRiskBook | undefined;
  /** Reasons that hold for every target: unknown strategy, global halt, order rate. */
  readonly common: readonly RiskReason[];
  /** Strategy equity: latest pnl.update, else the configured initial equity; NaN when unknown. */
  readonly equity: number;
  readonly strategyDrawdown: DrawdownStatus;
  readonly portfolioEquity: number;
  readonly portfolioDrawdown: DrawdownStatus;
}

const NO_DRAWDOWN: DrawdownStatus = { level: 'ok', pct: 0 };

export function intentContext(config: RiskConfig, state: RiskState, e: HeliosEvent<'strategy.intent'>): IntentContext {
  const strategyId = e.payload.strategyId;
  const limits = strategyLimits(config, strategyId);
  const book = state.books.get(strategyId);
  const equity = book ? book.equity : limits ? limits.initialEquity : NaN;
  const peak = book && limits ? peakOf(book, limits.drawdown.window, e.ts) : equity;
  const pEquity = portfolioEquity(config, state);

  const common: RiskReason[] = [];
  if (!limits) {
    common.push(reason('unknownStrategy', `strategy ${strategyId} has no allocation in the risk config (limits v${config.limitsVersion})`));
  }
  if (state.halt.halted) common.push(reason('halt', `trading is halted: ${state.halt.reason} (by ${state.halt.by})`));
  if (limits && book && windowFull(book.approvals, e.ts, limits.orderRate.windowMs)) {
    const { maxApprovals, windowMs } = limits.orderRate;
    const next = approvalsWithin(book.approvals, e.ts, windowMs) + 1;
    common.push(
      reason('orderRate', `this would be approval ${next} of strategy ${strategyId} within ${windowMs} ms, limit ${maxApprovals}`, maxApprovals, next),
    );
  }

  return {
    config,
    state,
    ts: e.ts,
    strategyId,
    limits,
    book,
    common,
    equity,
    strategyDrawdown: limits ? drawdownStatus(equity, peak, limits.drawdown) : NO_DRAWDOWN,
    portfolioEquity: pEquity,
    portfolioDrawdown: drawdownStatus(pEquity, portfolioPeak(config, state, e.ts), config.portfolioDrawdown),
  };
}

export function describeEquity(equity: number): string {
  return Number.isNaN(equity) ? 'unknown' : `${fmt(equity)}, not positive`;
}
