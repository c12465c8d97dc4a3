import type { RiskReason, Target } from '@helios/contracts';
import { windowWords, type DrawdownStatus } from './drawdown';
import { describeEquity, type IntentContext } from './intent-context';
import { holdNetWithin } from './net-limit';
import { fmt, reason, type RiskRule } from './reasons';
import { instrumentLimits, type DrawdownLimits, type InstrumentLimits } from './risk-config';
import { exposureOf, netExposureExcluding, type Mark, type RiskState } from './risk-state';

export interface TargetVerdict {
  /** The target as approved (scaled by the allocation, possibly clipped), or null when rejected. */
  readonly approved: Target | null;
  /** Every rule that fired; empty when approved. */
  readonly reasons: readonly RiskReason[];
}

/** Contract bound of `Target.weight`. */
const MAX_ABS_WEIGHT = 10;
const MAX_REASON_TEXT = 256;

/**
 * Checks one target of an intent. Which rules clip and which reject:
 * - clip: maxPositionQty, maxPositionNotional, grossExposure (portfolio capacity: take what fits;
 *   reject only when nothing fits);
 * - reject: everything else (unknown state, stale or jumping prices, order size, rate, drawdown,
 *   halt): these say the request or the world is suspect, so a smaller order is no answer.
 * A flattening target (0) needs no price and cannot add risk of its own, so it skips the price and
 * size rules and passes drawdown reduce-only and halt; only unknownStrategy, the global halt and the
 * order rate stop it. Its effect on other strategies' netting is theirs to answer for.
 */
export function checkTarget(cx: IntentContext, t: Target): TargetVerdict {
  const reasons = cx.common.slice();
  if (!cx.limits) return { approved: null, reasons };

  const instrument = t.instrument;
  const limits = instrumentLimits(cx.config, instrument);
  const isWeight = t.weight !== undefined;
  const raw = (isWeight ? t.weight : t.qty) as number;
  const scaled = raw * cx.limits.allocation;
  const flatten = scaled === 0;
  const position = cx.book?.positions.get(instrument) ?? 0;
  const mark = cx.state.marks.get(instrument);
  const price = mark ? mark.price : NaN;

  let units = NaN;
  if (flatten) units = 0;
  else if (!isWeight) units = scaled;
  else if (cx.equity > 0 && price > 0) units = (scaled * cx.equity) / price;
  const reducing = units === 0 || (units * position > 0 && Math.abs(units) <= Math.abs(position));

  pushDrawdown(reasons, 'portfolio', cx.portfolioDrawdown, cx.config.portfolioDrawdown, flatten, reducing);
  pushDrawdown(reasons, `strategy ${cx.strategyId}`, cx.strategyDrawdown, cx.limits.drawdown, flatten, reducing);

  if (!flatten) {
    if ((isWeight || cx.strategyDrawdown.level === 'unknown') && !(cx.equity > 0)) {
      const why = isWeight ? 'a weight target' : 'its drawdown limits';
      reasons.push(reason('unknownEquity', `${why} needs the equity of strategy ${cx.strategyId}, which is ${describeEquity(cx.equity)}`));
    }
    const grossNeedsEquity = cx.config.maxGrossExposureMultiple !== Infinity;
    if ((grossNeedsEquity || cx.portfolioDrawdown.level === 'unknown') && !(cx.portfolioEquity > 0)) {
      reasons.push(reason('unknownPortfolioEquity', `portfolio limits need the portfolio equity, which is ${describeEquity(cx.portfolioEquity)}`));
    }
    if (isWeight && Math.abs(scaled) > MAX_ABS_WEIGHT) {
      reasons.push(reason('weightRange', `weight ${fmt(raw)} x allocation ${fmt(cx.limits.allocation)} = ${fmt(scaled)} is outside ±${MAX_ABS_WEIGHT}`, MAX_ABS_WEIGHT, scaled));
    }
    pushPriceReasons(reasons, cx.ts, instrument, mark, limits);
  }

  let final = units;
  let clippedBy = '';
  if (!flatten && Number.isFinite(units) && price > 0) {
    const sized = applyNetLimits(reasons, cx, instrument, limits, units, price);
    final = sized.target;
    clippedBy = sized.clippedBy;
    const orderNotional = Math.abs(final - position) * price;
    if (orderNotional > limits.maxOrderNotional) {
      reasons.push(
        reason('maxOrderNotional', `order notional ${fmt(orderNotional)} exceeds ${fmt(limits.maxOrderNotional)}`, limits.maxOrderNotional, orderNotional),
      );
    }
  }

  if (reasons.length > 0) return { approved: null, reasons };
  const approved: Target = { instrument };
  if (isWeight) approved.weight = clippedBy ? (final * price) / cx.equity : scaled === 0 ? 0 : scaled;
  else approved.qty = final === 0 ? 0 : final;
  const text = clippedBy ? (t.reason ? `${t.reason}; ` : '') + `reduced to ${clippedBy}` : t.reason;
  if (text) approved.reason = text.length > MAX_REASON_TEXT ? text.slice(0, MAX_REASON_TEXT) : text;
  return { approved, reasons };
}

function pushDrawdown(
  reasons: RiskReason[],
  scope: string,
  status: DrawdownStatus,
  limits: DrawdownLimits,
  flatten: boolean,
  reducing: boolean,
): void {
  const prefix = scope === 'portfolio' ? 'portfolioDrawdown' : 'drawdown';
  const daily = windowWords(limits);
  if (status.level === 'liquidate' && !flatten) {
    reasons.push(
      reason(
        `${prefix}Liquidate` as RiskRule,
        `${scope} drawdown${daily} ${fmt(status.pct)}% reached the liquidation at ${fmt(limits.liquidateAtPct)}%: the gate flattens its positions; only flattening targets pass`,
        limits.liquidateAtPct,
        status.pct,
      ),
    );
  } else if (status.level === 'halt' && !flatten) {
    reasons.push(
      reason(
        `${prefix}Halt` as RiskRule,
        `${scope} drawdown${daily} ${fmt(status.pct)}% reached the halt at ${fmt(limits.haltAtPct)}%: only flattening targets pass`,
        limits.haltAtPct,
        status.pct,
      ),
    );
  } else if (status.level === 'reduceOnly' && !reducing) {
    reasons.push(
      reason(
        `${prefix}ReduceOnly` as RiskRule,
        `${scope} drawdown${daily} ${fmt(status.pct)}% reached reduce-only at ${fmt(limits.reduceOnlyAtPct)}%: only targets that reduce |position| pass`,
        limits.reduceOnlyAtPct,
        status.pct,
      ),
    );
  }
}

/**
 * The price collar: the mark the gate sizes with must not have jumped more than `priceCollarBps`
 * from the mark before it. Targets carry no limit price (contract), so the collar guards the mark
 * itself against bad prints; a real jump is confirmed by the next price and then passes.
 */
function pushPriceReasons(reasons: RiskReason[], ts: number, instrument: string, mark: Mark | undefined, limits: InstrumentLimits): void {
  if (!mark) {
    reasons.push(reason('noMark', `no mark for ${instrument}: a price is needed to value the target`));
    return;
  }
  const age = ts - mark.ts;
  if (age > limits.maxMarkAgeMs) {
    reasons.push(reason('staleMark', `last ${instrument} mark is ${fmt(age)} ms old, limit ${fmt(limits.maxMarkAgeMs)} ms`, limits.maxMarkAgeMs, age));
  }
  if (mark.previous > 0) {
    const bps = (Math.abs(mark.price - mark.previous) / mark.previous) * 10_000;
    if (bps > limits.priceCollarBps) {
      reasons.push(
        reason(
          'priceCollar',
          `last ${instrument} mark ${fmt(mark.price)} is ${fmt(bps)} bps from the previous ${fmt(mark.previous)}, collar ${fmt(limits.priceCollarBps)} bps`,
          limits.priceCollarBps,
          bps,
        ),
      );
    }
  }
}

interface Sized {
  readonly target: number;
  /** Names of the limits that cut the target, '' when none did. */
  readonly clippedBy: string;
}

/**
 * The three net-exposure limits, each judged on the requested target alone so that every limit
 * with no room is reported; the approved target is the most restrictive of the clipped ones.
 */
function applyNetLimits(reasons: RiskReason[], cx: IntentContext, instrument: string, limits: InstrumentLimits, units: number, price: number): Sized {
  const state = cx.state;
  const own = cx.book ? exposureOf(cx.book, instrument) : 0;
  const others = netExposureExcluding(state, instrument, cx.strategyId);
  const netAfter = Math.abs(others + units);
  const clip: Clip = { units, own, others, target: units, names: '' };

  if (limits.maxPositionQty !== Infinity) {
    considerLimit(clip, reasons, 'maxPositionQty', limits.maxPositionQty, limits.maxPositionQty, netAfter, `net ${instrument} position would be ${fmt(netAfter)} units, limit ${fmt(limits.maxPositionQty)}`);
  }
  if (limits.maxPositionNotional !== Infinity) {
    const notional = netAfter * price;
    considerLimit(
      clip,
      reasons,
      'maxPositionNotional',
      limits.maxPositionNotional / price,
      limits.maxPositionNotional,
      notional,
      `net ${instrument} position would be worth ${fmt(notional)}, limit ${fmt(limits.maxPositionNotional)}`,
    );
  }
  const grossLimit = grossExposureLimit(cx);
  if (grossLimit !== Infinity && !Number.isNaN(grossLimit)) {
    const other = grossOfOtherInstruments(state, instrument);
    if (Number.isNaN(other.gross)) {
      reasons.push(reason('grossExposure', `gross exposure cannot be valued: no mark for ${other.unpriced}`));
    } else {
      const gross = other.gross + netAfter * price;
      const room = Math.max(0, grossLimit - other.gross) / price;
      considerLimit(clip, reasons, 'grossExposure', room, grossLimit, gross, `gross exposure would be ${fmt(gross)}, limit ${fmt(grossLimit)}`);
    }
  }
  return { target: clip.target, clippedBy: clip.names };
}

/** The requested target against the limits judged so far: the most restrictive clip, and the names of those that clipped. */
interface Clip {
  readonly units: number;
  readonly own: number;
  readonly others: number;
  target: number;
  names: string;
}

/** Judges one limit on the requested target alone: no room is a reason; a clip tightens the target if it is the most restrictive. */
function considerLimit(clip: Clip, reasons: RiskReason[], rule: RiskRule, maxAbsNet: number, limit: number, value: number, message: string): void {
  const r = holdNetWithin(clip.units, clip.own, clip.others, maxAbsNet);
  if (r.status === 'noRoom') reasons.push(reason(rule, message, limit, value));
  else if (r.status === 'clipped') {
    clip.names = clip.names === '' ? rule : `${clip.names}, ${rule}`;
    if (Math.abs(r.target - clip.own) < Math.abs(clip.target - clip.own)) clip.target = r.target;
  }
}

/** The tighter of the absolute and the equity-multiple gross limits; NaN when the equity it needs is unknown (reported as unknownPortfolioEquity). */
function grossExposureLimit(cx: IntentContext): number {
  const { maxGrossExposure, maxGrossExposureMultiple } = cx.config;
  if (maxGrossExposureMultiple === Infinity) return maxGrossExposure;
  if (!(cx.portfolioEquity > 0)) return NaN;
  return Math.min(maxGrossExposure, maxGrossExposureMultiple * cx.portfolioEquity);
}

/** Sum of |net units| x mark over every exposed instrument except `instrument`; NaN when one has no mark. */
function grossOfOtherInstruments(state: RiskState, instrument: string): { gross: number; unpriced: string } {
  let gross = 0;
  for (const other of state.exposed) {
    if (other === instrument) continue;
    const net = netExposureExcluding(state, other, '');
    if (net === 0) continue;
    const mark = state.marks.get(other);
    if (!mark) return { gross: NaN, unpriced: other };
    gross += Math.abs(net) * mark.price;
  }
  return { gross, unpriced: '' };
}
