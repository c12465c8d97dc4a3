import type { HeliosEvent, Target } from '@helios/contracts';
import { instrumentLimits, type RiskConfig } from './risk-config';
import type { RiskState } from './risk-state';

/*
 * The price rule of the gate (ADR 0005, "the price rule"; the order engine's is in
 * libs/domain/orders/src/approval-hold.ts). Live, the gate reads candles and intents through
 * different consumers, so bar t's intent (two hops: candle -> runner -> intent) can arrive before
 * bar t's candle (one hop). Checked then, its collar, notional and exposure limits would be judged
 * at bar t-1's close, where a backtest (candle first) judges them at bar t's. So an intent that
 * needs a price waits while the gate's mark of one of its instruments is older than the intent,
 * and is decided, with the ids derived from it, on the state after the price that catches up.
 *
 * - A flat target needs no price (the kill switch and de-risking act at once); an instrument with
 *   no mark at all has no price to wait for (the noMark rule answers).
 * - A strategy's intents are decided in arrival order: a later one waits behind a held one, flat
 *   or not, so a held target can never overtake a newer one of the same strategy.
 * - Never indefinite while prices flow: a candle of one of its instruments after the intent's bar
 *   ends the wait (that bar's candle is not coming first any more), and so does any price once
 *   event time has passed the intent by more than the mark age its instruments allow (their feed
 *   is silent: waiting longer could not give a mark the gate would trust; staleMark answers).
 * - A global halt releases everything held, to be rejected like any intent during a halt; while
 *   halted nothing is held, since nothing can pass.
 */

export type Intent = HeliosEvent<'strategy.intent'>;

/** A target that the gate checks against a price: every non-flat one. */
function needsPrice(t: Target): boolean {
  return ((t.weight ?? t.qty) as number) !== 0;
}

/** Whether a target of the intent would be checked against a mark older than the intent. */
export function markBehind(state: RiskState, intent: Intent): boolean {
  for (const t of intent.payload.targets) {
    if (!needsPrice(t)) continue;
    const mark = state.marks.get(t.instrument);
    if (mark !== undefined && mark.ts < intent.ts) return true;
  }
  return false;
}

/** Whether an arriving intent must be held: its strategy already has one held, or its bar's price has not arrived. */
export function mustHold(state: RiskState, intent: Intent): boolean {
  if (state.halt.halted) return false;
  const strategyId = intent.payload.strategyId;
  for (const h of state.held) if (h.payload.strategyId === strategyId) return true;
  return markBehind(state, intent);
}

/**
 * Cheap test before any work: could `e` release a held intent? Asked before and after `e` is
 * applied, so it must not depend on the mark `e` brings.
 */
export function mayRelease(config: RiskConfig, state: RiskState, e: HeliosEvent): boolean {
  if (state.held.length === 0) return false;
  switch (e.type) {
    case 'risk.halt':
      return (e as HeliosEvent<'risk.halt'>).payload.halted;
    case 'md.candle': {
      const symbol = (e as HeliosEvent<'md.candle'>).payload.symbol;
      return state.held.some((h) => expiredBy(config, h, e.ts, symbol) || catchesUp(h, e.ts, symbol));
    }
    case 'md.tick': {
      const symbol = (e as HeliosEvent<'md.tick'>).payload.symbol;
      return state.held.some((h) => outwaited(config, h, e.ts) || catchesUp(h, e.ts, symbol));
    }
    default:
      return false;
  }
}

/** A price of `instrument` at or after the intent's time, which the intent waits for: it may bring the last mark it lacked. */
function catchesUp(intent: Intent, ts: number, instrument: string): boolean {
  return ts >= intent.ts && intent.payload.targets.some((t) => t.instrument === instrument && needsPrice(t));
}

/** A candle ends the wait when it is one of the intent's instruments after its bar, or when it shows the wait has outlived the mark age. */
function expiredBy(config: RiskConfig, intent: Intent, ts: number, symbol: string): boolean {
  return (ts > intent.ts && intent.payload.targets.some((t) => t.instrument === symbol)) || outwaited(config, intent, ts);
}

/** Event time `ts` is past the intent by more than the shortest mark age its priced instruments allow. */
function outwaited(config: RiskConfig, intent: Intent, ts: number): boolean {
  const waited = ts - intent.ts;
  return intent.payload.targets.some((t) => needsPrice(t) && waited > instrumentLimits(config, t.instrument).maxMarkAgeMs);
}

/**
 * Takes the held intents that `e` (already applied to `state`) releases out of the state and
 * returns them in arrival order; the caller decides them in that order. Which ones go depends only
 * on marks, halt and the held list, none of which a decision changes, so `decide` (on a fork) and
 * `evolve` (on the state) take the same ones.
 */
export function takeReleased(config: RiskConfig, state: RiskState, e: HeliosEvent): Intent[] {
  if (!mayRelease(config, state, e)) return [];
  if (e.type === 'risk.halt') return state.held.splice(0, state.held.length);
  const symbol = (e as HeliosEvent<'md.candle' | 'md.tick'>).payload.symbol;
  const released: Intent[] = [];
  const kept: Intent[] = [];
  const waiting = new Set<string>();
  for (const h of state.held) {
    const strategyId = h.payload.strategyId;
    const expired = e.type === 'md.candle' ? expiredBy(config, h, e.ts, symbol) : outwaited(config, h, e.ts);
    if (waiting.has(strategyId) || (!expired && markBehind(state, h))) {
      waiting.add(strategyId);
      kept.push(h);
    } else {
      released.push(h);
    }
  }
  if (released.length > 0) state.held.splice(0, state.held.length, ...kept);
  return released;
}
