import type { HeliosEvent, OrderNewPayload } from '@helios/contracts';
import { derive, type Decider } from '@helios/domain-core';
import { lotFor, resolveOrdersConfig, type OrdersConfig, type OrdersConfigInput } from './orders-config';
import { mayRelease, mustHold, releaseHeld, type RiskApproved } from './approval-hold';
import { acknowledge, applyFill, close, openOrder, recordAnomaly } from './order-lifecycle';
import { EMPTY_SLOT, forkState, initialOrdersState, type OrdersState } from './orders-state';
import { sizeTarget, type OrderSpec } from './sizing';
import { bookFor, isFlat, strategyEquity } from './strategy-book';

/** Event types the order engine reads (ADR 0005, plus `md.tick` as a fresher mark and `risk.halt`). */
export const ORDERS_INPUT_TYPES = [
  'risk.approved',
  'order.ack',
  'order.fill',
  'order.cancel',
  'order.reject',
  'md.candle',
  'md.tick',
  'pnl.update',
  'risk.halt',
] as const;
export type OrdersInputType = (typeof ORDERS_INPUT_TYPES)[number];
export type OrdersInput = HeliosEvent<OrdersInputType>;
export type OrdersOutput = HeliosEvent<'order.new'>;

export interface OrdersDecider extends Decider<OrdersState, OrdersInput, OrdersOutput> {
  readonly config: OrdersConfig;
}

// Most inputs (every candle) produce nothing; one frozen array spares an allocation per bar.
const NOTHING: OrdersOutput[] = Object.freeze([]) as unknown as OrdersOutput[];

/**
 * The order engine as a decider. An approval becomes market orders that move each target's
 * strategy from position + working orders to the target (see `sizeTarget`), one account, the
 * strategy on every order. The client order id is the order event's own id, derived from the
 * approval's id and the order's index among the approval's orders: a replay or a restart derives
 * the same ids and cannot send a second order.
 *
 * An approval that would be sized against a market order the exchange has not yet answered for the
 * approval's bar is held and sized when the answer arrives, with the same ids (`approval-hold.ts`):
 * the orders do not depend on whether the fill or the approval reached the engine first.
 *
 * While a global halt (`risk.halt`, halted: true) is in force no order is sent, flattening
 * included, matching the risk gate; approvals that arrive meanwhile, or were held, are dropped
 * (recorded as `approvalWhileHalted` anomalies), not queued: after the halt the strategies' next
 * targets decide. Working orders at the venue are not cancelled (there is no cancel-request contract yet).
 *
 * `evolve` mutates the state in place and returns it.
 */
export function createOrdersDecider(input?: OrdersConfigInput): OrdersDecider {
  const config = resolveOrdersConfig(input);
  return {
    name: 'orders',
    config,
    initialState: initialOrdersState,
    decide: (state, e) => decideOrders(config, state, e),
    evolve: (state, e) => {
      evolveOrders(config, state, e);
      return state;
    },
  };
}

function decideOrders(config: OrdersConfig, state: OrdersState, e: OrdersInput): OrdersOutput[] {
  if (state.halted) return NOTHING;
  if (e.type === 'risk.approved') return mustHold(state, e) ? NOTHING : sizeApproval(config, state, e);
  // Released approvals are sized on the state after `e`, which decide must not change: a copy,
  // only when something held may be released (never in a backtest, where fills come first).
  if (mayRelease(state, e)) return evolveOrders(config, forkState(state, e), e);
  return NOTHING;
}

/** The approval's orders, indexed across its targets; `unsizable` hears why a target sends nothing. */
function sizeApproval(config: OrdersConfig, state: OrdersState, e: RiskApproved, unsizable?: (why: string) => void): OrdersOutput[] {
  const { strategyId, targets } = e.payload;
  const book = state.books.get(strategyId);
  const equity = strategyEquity(config, state, strategyId);
  const outputs: OrdersOutput[] = [];
  for (const t of targets) {
    const slot = book?.slots.get(t.instrument) ?? EMPTY_SLOT;
    const sizing = sizeTarget(t, slot, state.marks.get(t.instrument)?.price ?? NaN, equity, lotFor(config, t.instrument));
    if (!sizing.ok) {
      unsizable?.(sizing.why);
      continue;
    }
    for (const spec of sizing.orders) {
      const payload = orderPayload(config, strategyId, t.instrument, spec);
      const order = derive(e, 'order.new', outputs.length, config.src, payload);
      payload.clientOrderId = order.id;
      outputs.push(order);
    }
  }
  return outputs;
}

/** The client order id is filled in with the order event's id once it is derived. */
function orderPayload(config: OrdersConfig, strategyId: string, instrument: string, spec: OrderSpec): OrderNewPayload {
  const clientOrderId = '';
  // Keys in schema order, so equal orders encode to equal bytes.
  return 'qty' in spec
    ? { account: config.account, clientOrderId, instrument, side: spec.side, type: 'market', qty: spec.qty, strategyId }
    : { account: config.account, clientOrderId, instrument, side: 'buy', type: 'market', quoteQty: spec.quoteQty, strategyId };
}

/** Applies `e`; returns the orders of the held approvals it releases (`decide` sends them, `evolve` already has them coming). */
function evolveOrders(config: OrdersConfig, state: OrdersState, e: HeliosEvent): OrdersOutput[] {
  switch (e.type) {
    case 'md.candle':
      updateMark(state, e.payload.symbol, e.payload.close, e.ts);
      break;
    case 'md.tick':
      updateMark(state, e.payload.symbol, e.payload.price, e.ts);
      break;
    case 'risk.halt':
      state.halted = e.payload.halted;
      if (state.halted) dropHeld(config, state, e);
      return NOTHING;
    case 'risk.approved':
      noteApproval(config, state, e);
      return NOTHING;
    case 'order.new':
      if (e.payload.account === config.account) openOrder(config, state, e);
      return NOTHING;
    case 'order.ack':
      if (e.payload.account === config.account) acknowledge(config, state, e);
      return NOTHING;
    case 'order.fill':
      if (e.payload.account === config.account) applyFill(config, state, e);
      break;
    case 'order.cancel':
      if (e.payload.account === config.account) close(config, state, e, 'cancelled');
      break;
    case 'order.reject':
      if (e.payload.account === config.account) close(config, state, e, 'rejected');
      break;
    case 'pnl.update':
      anchorCash(config, state, e);
      return NOTHING;
    default:
      return NOTHING;
  }
  return releaseHeld(state, e, (a) => sizeApproval(config, state, a, (why) => recordAnomaly(config, state, 'unsizable', a, `no order for strategy ${a.payload.strategyId}: ${why}`)));
}

function updateMark(state: OrdersState, instrument: string, price: number, ts: number): void {
  const mark = state.marks.get(instrument);
  if (!mark) state.marks.set(instrument, { price, ts });
  else if (ts >= mark.ts) {
    mark.price = price;
    mark.ts = ts;
  }
}

/** Approvals that produce no order for a reason worth knowing leave an anomaly (decide cannot write state). */
function noteApproval(config: OrdersConfig, state: OrdersState, e: RiskApproved): void {
  if (state.halted) {
    recordAnomaly(config, state, 'approvalWhileHalted', e, `approval for strategy ${e.payload.strategyId} dropped: trading is halted`);
    return;
  }
  if (mustHold(state, e)) {
    state.held.push(e);
    return;
  }
  const { strategyId, targets } = e.payload;
  const book = state.books.get(strategyId);
  const equity = strategyEquity(config, state, strategyId);
  for (const t of targets) {
    const sizing = sizeTarget(t, book?.slots.get(t.instrument) ?? EMPTY_SLOT, state.marks.get(t.instrument)?.price ?? NaN, equity, lotFor(config, t.instrument));
    if (!sizing.ok) recordAnomaly(config, state, 'unsizable', e, `no order for strategy ${strategyId}: ${sizing.why}`);
  }
}

function dropHeld(config: OrdersConfig, state: OrdersState, halt: HeliosEvent): void {
  for (const h of state.held) {
    recordAnomaly(config, state, 'approvalWhileHalted', halt, `held approval ${h.id} for strategy ${h.payload.strategyId} dropped: trading is halted`);
  }
  state.held.length = 0;
}

/**
 * The portfolio's equity replaces the engine's cash when both say the strategy is flat (the
 * update's position is 0, and the engine holds no position and has nothing working): then equity
 * is cash with no valuation in it, so it is exact. Otherwise the update is not used: its valuation
 * may be older than the fills the engine has already applied. So is a flat update older than the
 * engine's latest fill of the strategy: PNL and ORDER are separate streams, and a lagging PNL
 * consumer can deliver the flat update of one round trip after the fills of the next; its equity
 * would undo that trade's profit or loss in the cash until the next update.
 */
function anchorCash(config: OrdersConfig, state: OrdersState, e: HeliosEvent<'pnl.update'>): void {
  if (e.payload.position !== 0) return;
  const book = bookFor(config, state, e.payload.strategyId);
  if (isFlat(book) && e.ts >= book.lastFillTs) book.cash = e.payload.equity;
}
