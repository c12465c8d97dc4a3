import type { HeliosEvent } from '@helios/contracts';
import { isTerminal, type OrderRecord, type OrdersState } from './orders-state';

/*
 * The hold rule (ADR 0005, "Approvals and fills race"). A market order sent on an earlier bar is
 * answered by the exchange at the approval's bar (filled at its open, or rejected). A backtest
 * delivers that answer before the approval; across a broker the approval (two hops) can overtake
 * it (one hop), and sizing against the still-working order gives another trade. So an approval
 * waits until every such order of its strategy and instruments has been answered for its bar, and
 * is then sized exactly as if it had arrived last: same state, same derived ids.
 *
 * - Only market orders block: a resting limit order may never be answered.
 * - A strategy's approvals are sized in arrival order: a later one waits behind a held one (it
 *   will also be sized against the orders the earlier one sends). Nothing is superseded: dropping
 *   a held approval because a newer one arrived would depend on whether the fill came in between.
 * - Never indefinite: a candle of a target's instrument after the approval's bar releases it (the
 *   exchange has then had its bar and did not answer: latency, no volume left), as does nothing
 *   else; a halt drops held approvals like any approval during a halt.
 *
 * The price rule, by the same reasoning: a bar's approval can also overtake the bar's own candle
 * (the engine reads candles and approvals through different consumers). Sized then, a weight would
 * be valued at the bar before's close, where a backtest uses the approval's bar. So an approval with
 * a non-zero weight waits while the engine's mark of that instrument is older than the approval, and
 * the candle (or tick) that brings the mark up to its time releases it. A flat target needs no price
 * (and the kill switch must act at once), and without any mark yet the sizing's own rule applies.
 */

export type RiskApproved = HeliosEvent<'risk.approved'>;

/** The market order an approval must wait for, if any, ignoring other held approvals. */
export function blockingOrder(state: OrdersState, approval: RiskApproved): OrderRecord | undefined {
  const { strategyId, targets } = approval.payload;
  const book = state.books.get(strategyId);
  if (!book || book.workingOrders === 0) return undefined;
  for (const t of targets) {
    if ((book.slots.get(t.instrument)?.workingOrders ?? 0) === 0) continue;
    for (const o of state.working.values()) {
      if (o.strategyId === strategyId && o.instrument === t.instrument && unanswered(o, approval.ts)) return o;
    }
  }
  return undefined;
}

function unanswered(o: OrderRecord, barTs: number): boolean {
  return o.type === 'market' && !isTerminal(o.status) && o.createdTs < barTs && !(o.lastFillTs >= barTs);
}

/** Whether a weight of the approval would be valued at a mark older than the approval (the price rule). */
export function markBehind(state: OrdersState, approval: RiskApproved): boolean {
  for (const t of approval.payload.targets) {
    if (t.weight === undefined || t.weight === 0) continue;
    const mark = state.marks.get(t.instrument);
    if (mark !== undefined && mark.ts < approval.ts) return true;
  }
  return false;
}

/** Whether an arriving approval must be held: it is blocked, its bar's price has not arrived, or its strategy already has one held. */
export function mustHold(state: OrdersState, approval: RiskApproved): boolean {
  const strategyId = approval.payload.strategyId;
  return state.held.some((h) => h.payload.strategyId === strategyId) || blockingOrder(state, approval) !== undefined || markBehind(state, approval);
}

/** Cheap test before any work: could this event release a held approval? */
export function mayRelease(state: OrdersState, e: HeliosEvent): boolean {
  if (state.held.length === 0) return false;
  switch (e.type) {
    case 'order.fill':
    case 'order.reject':
    case 'order.cancel':
      return true;
    // A price releases an approval it expires (a candle after its bar) or one that may wait for that
    // price (a weight on the instrument). Asked before and after the price is applied, so it must not
    // depend on the mark.
    case 'md.candle': {
      const symbol = (e as HeliosEvent<'md.candle'>).payload.symbol;
      return state.held.some((h) => pricedBy(h, e.ts, symbol) && (e.ts > h.ts || weighs(h, symbol)));
    }
    case 'md.tick': {
      const symbol = (e as HeliosEvent<'md.tick'>).payload.symbol;
      return state.held.some((h) => pricedBy(h, e.ts, symbol) && weighs(h, symbol));
    }
    default:
      return false;
  }
}

/** Whether the approval has a non-zero weight on the instrument: only such a target waits for its price. */
function weighs(approval: RiskApproved, instrument: string): boolean {
  return approval.payload.targets.some((t) => t.instrument === instrument && t.weight !== undefined && t.weight !== 0);
}

/** A price of one of the approval's instruments at or after its time: it may end a wait of the price rule (or, later, expire the approval). */
function pricedBy(approval: RiskApproved, ts: number, instrument: string): boolean {
  return ts >= approval.ts && approval.payload.targets.some((t) => t.instrument === instrument);
}

function expiredBy(approval: RiskApproved, e: HeliosEvent<'md.candle'>): boolean {
  return e.ts > approval.ts && approval.payload.targets.some((t) => t.instrument === e.payload.symbol);
}

/**
 * Takes the held approvals that `e` (already applied to `state`) releases out of the state and
 * sizes them in arrival order with `size`, returning all their orders. Orders sized here are not
 * in the state yet; `sending` stands for them, so a later approval of that strategy and instrument
 * keeps waiting for their answer.
 */
export function releaseHeld<O extends { readonly payload: { readonly instrument: string } }>(state: OrdersState, e: HeliosEvent, size: (approval: RiskApproved) => O[]): O[] {
  if (!mayRelease(state, e)) return [];
  const orders: O[] = [];
  const kept: RiskApproved[] = [];
  const waiting = new Set<string>();
  const sending = new Set<string>();
  for (const h of state.held) {
    const { strategyId, targets } = h.payload;
    const expired = e.type === 'md.candle' && expiredBy(h, e as HeliosEvent<'md.candle'>);
    const blocked =
      waiting.has(strategyId) || blockingOrder(state, h) !== undefined || markBehind(state, h) || targets.some((t) => sending.has(key(strategyId, t.instrument)));
    if (blocked && !expired) {
      waiting.add(strategyId);
      kept.push(h);
      continue;
    }
    for (const o of size(h)) {
      sending.add(key(strategyId, o.payload.instrument));
      orders.push(o);
    }
  }
  if (kept.length < state.held.length) state.held.splice(0, state.held.length, ...kept);
  return orders;
}

const key = (strategyId: string, instrument: string): string => `${strategyId}\u0000${instrument}`;
