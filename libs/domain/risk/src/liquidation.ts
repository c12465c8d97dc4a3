import type { HeliosEvent, Target } from '@helios/contracts';
import { derive } from '@helios/domain-core';
import { drawdownStatus, windowWords, type DrawdownStatus } from './drawdown';
import { observeEquity, peakOf, type EquityPeaks } from './equity-peaks';
import { fmt } from './reasons';
import { strategyLimits, type DrawdownLimits, type RiskConfig } from './risk-config';
import { exposureOf, type RiskState, type StrategyRiskBook } from './risk-state';

type PnlEvent = HeliosEvent<'pnl.update' | 'pnl.global'>;
type Approval = HeliosEvent<'risk.approved'>;

const NOTHING: Approval[] = Object.freeze([]) as unknown as Approval[];

/**
 * Flattening targets the gate approves per strategy and instrument in one liquidation episode: the
 * first, and two more if the venue refuses or cancels the order while the position remains. A bound,
 * so that a venue that refuses for good (a halted market, a rule the order breaks) does not get an
 * order on every P&L event; after it the position stays for the operator, as the rejections show.
 */
export const MAX_LIQUIDATIONS_PER_EPISODE = 3;

const REASON_PREFIX = 'liquidation: ';

/** Whether an approved target is one of the gate's own flattening targets (its reason says so). */
export function isLiquidationTarget(t: Target): boolean {
  return t.reason !== undefined && t.reason.startsWith(REASON_PREFIX);
}

/**
 * The gate's own flattening (a drawdown's `liquidateAtPct`). When a P&L event puts a strategy's
 * drawdown (`pnl.update`) or the portfolio's (`pnl.global`) at or past its liquidation level, the
 * gate approves a target of 0 for every instrument the strategy (or, for the portfolio, each
 * strategy) still counts as exposed: its last approved target, else its position (`exposureOf`).
 * One `risk.approved` per strategy, derived from the P&L event (index 0 for `pnl.update`, one per
 * strategy in book order for `pnl.global`); the order engine sizes it like any approval, after the
 * strategy's orders in flight are answered. Folded in, those targets of 0 leave nothing to flatten
 * at the next P&L event of the same episode. If the venue refuses or cancels the flattening order
 * while the position remains, the target is dropped (`risk-evolve.ts`) and the next P&L event still
 * at the level flattens again, up to MAX_LIQUIDATIONS_PER_EPISODE times per instrument; the episode
 * ends when the drawdown is back above the level or the position is flat. Nothing while the global
 * halt is on (no order may leave; the first P&L event after it is lifted liquidates). Fills of
 * orders the gate never saw belong to no strategy and are not flattened. Reads the state only.
 */
export function decideLiquidation(config: RiskConfig, state: RiskState, e: PnlEvent): Approval[] {
  if (state.halt.halted) return NOTHING;
  if (e.type === 'pnl.update') {
    const strategyId = e.payload.strategyId;
    const limits = strategyLimits(config, strategyId);
    const book = state.books.get(strategyId);
    if (limits === null || limits.drawdown.liquidateAtPct === Infinity || book === undefined) return NOTHING;
    const status = statusAfter(book, limits.drawdown, e);
    if (status.level !== 'liquidate') return NOTHING;
    const approval = flatten(config, book, e, 0, liquidationReason(`strategy ${strategyId}`, limits.drawdown, status));
    return approval === undefined ? NOTHING : [approval];
  }
  const limits = config.portfolioDrawdown;
  if (limits.liquidateAtPct === Infinity) return NOTHING;
  const status = statusAfter(state.portfolio, limits, e);
  if (status.level !== 'liquidate') return NOTHING;
  const text = liquidationReason('portfolio', limits, status);
  const approvals: Approval[] = [];
  for (const book of state.books.values()) {
    const approval = flatten(config, book, e, approvals.length, text);
    if (approval !== undefined) approvals.push(approval);
  }
  return approvals;
}

/** The drawdown once `e`'s equity is folded in (on a copy: decide does not change the state). */
function statusAfter(p: EquityPeaks, limits: DrawdownLimits, e: PnlEvent): DrawdownStatus {
  const next: EquityPeaks = { equity: p.equity, peakEquity: p.peakEquity, dayPeakEquity: p.dayPeakEquity, day: p.day };
  observeEquity(next, e.payload.equity, e.ts);
  return drawdownStatus(next.equity, peakOf(next, limits.window, e.ts), limits);
}

/**
 * Whether the strategy's own drawdown or the portfolio's is at a liquidation level, as of the equities
 * folded in so far: while it is, the episode goes on and its flattening count stands.
 */
export function atLiquidationLevel(config: RiskConfig, state: RiskState, book: StrategyRiskBook, ts: number): boolean {
  const portfolio = config.portfolioDrawdown;
  if (portfolio.liquidateAtPct !== Infinity && drawdownStatus(state.portfolio.equity, peakOf(state.portfolio, portfolio.window, ts), portfolio).level === 'liquidate') {
    return true;
  }
  const limits = strategyLimits(config, book.strategyId);
  if (limits === null || limits.drawdown.liquidateAtPct === Infinity) return false;
  return drawdownStatus(book.equity, peakOf(book, limits.drawdown.window, ts), limits.drawdown).level === 'liquidate';
}

function liquidationReason(scope: string, limits: DrawdownLimits, status: DrawdownStatus): string {
  return `${REASON_PREFIX}${scope} drawdown${windowWords(limits)} ${fmt(status.pct)}% reached ${fmt(limits.liquidateAtPct)}%`;
}

function flatten(config: RiskConfig, book: StrategyRiskBook, e: PnlEvent, index: number, reason: string): Approval | undefined {
  const targets: Target[] = [];
  for (const instrument of new Set([...book.targets.keys(), ...book.positions.keys()])) {
    if (exposureOf(book, instrument) !== 0 && (book.liquidations.get(instrument) ?? 0) < MAX_LIQUIDATIONS_PER_EPISODE) targets.push({ instrument, qty: 0, reason });
  }
  if (targets.length === 0) return undefined;
  return derive(e, 'risk.approved', index, config.src, { strategyId: book.strategyId, targets, limitsVersion: config.limitsVersion });
}
